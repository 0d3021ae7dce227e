using EcommerceMl.Artifacts;

namespace EcommerceMl.Cli.Retrain;

/// <summary>Opening the store a command names, and the model it asks for, with errors that say what is wrong and where.</summary>
internal static class StoreLookup
{
    /// <summary>The store; a folder that does not exist is an error here (reading would just find nothing and say less).</summary>
    public static IModelStore Open(string location)
    {
        var store = ModelStores.Open(location);
        if (store is LocalModelStore local && !Directory.Exists(local.Root))
        {
            throw new DirectoryNotFoundException(
                $"the model store {local.Root} does not exist: name one with --store (a folder or s3://bucket/prefix), or start local mode (`ecml up -f examples/`) to create .ecml/store.");
        }

        return store;
    }

    /// <summary>[<paramref name="model"/>] when the store has it, every model when null; a model it does not have is an error naming the ones it has.</summary>
    public static async Task<IReadOnlyList<string>> ModelsAsync(IModelStore store, string? model, CancellationToken cancellationToken)
    {
        var names = await store.ListModelsAsync(cancellationToken);
        if (model is null || names.Contains(model, StringComparer.Ordinal))
        {
            return model is null ? names : [model];
        }

        ModelNames.ValidateModelName(model);
        var known = names.Count == 0 ? "it holds no models yet" : $"it holds {string.Join(", ", names)}";
        throw new ModelNotFoundException($"no model '{model}' in {store.Location}: {known}.");
    }
}
