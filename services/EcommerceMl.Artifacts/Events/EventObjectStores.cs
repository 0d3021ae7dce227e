namespace EcommerceMl.Artifacts.Events;

/// <summary>Opens the event objects of a store location: the same folder or <c>s3://bucket[/prefix]</c> the models live in.</summary>
public static class EventObjectStores
{
    /// <summary>A folder path or <c>s3://bucket[/prefix]</c> (S3 settings from the environment when not given), as <see cref="ModelStores.Open(string, S3Settings?)"/>.</summary>
    public static IEventObjects Open(string location, S3Settings? settings = null) =>
        For(ModelStores.Open(location, settings)) ?? throw new ArgumentException($"Store '{location}' cannot hold events.", nameof(location));

    /// <summary>The events next to a model store's models; null for a store that is neither a folder nor S3 (a test double).</summary>
    public static IEventObjects? For(IModelStore store) => store switch
    {
        LocalModelStore local => new LocalEventObjects(local.Root),
        S3ModelStore s3 => new S3EventObjects(s3.Client, s3.S3),
        _ => null,
    };
}
