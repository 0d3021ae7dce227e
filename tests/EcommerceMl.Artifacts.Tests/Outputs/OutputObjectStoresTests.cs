using EcommerceMl.Artifacts.Outputs;

namespace EcommerceMl.Artifacts.Tests.Outputs;

/// <summary>Which objects an output prefix names: S3, a folder, or a path inside the model store — and the prefixes refused, each saying why.</summary>
public sealed class OutputObjectStoresTests
{
    private static readonly LocalModelStore Store = new(Path.Combine(Path.GetTempPath(), "ecml-store"));

    private static readonly S3Settings Settings = new() { Endpoint = new Uri("http://127.0.0.1:9"), AccessKey = "k", SecretKey = "s" };

    [Fact]
    public void ARelativePrefix_IsAFolderInsideALocalStore()
    {
        var objects = Assert.IsType<LocalOutputObjects>(OutputObjectStores.Open("outputs/nightly", Store));

        Assert.Equal(Path.Combine(Store.Root, "outputs", "nightly"), objects.Root);
    }

    [Fact]
    public void AnS3Prefix_IsThatBucketAndPath_WhateverTheStore()
    {
        var objects = Assert.IsType<S3OutputObjects>(OutputObjectStores.Open("s3://analytics/ecml/", Store, Settings));

        Assert.Equal("s3://analytics/ecml", objects.Location);
    }

    [Fact]
    public void AnAbsoluteFolder_IsThatFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ecml-outputs-elsewhere");

        Assert.Equal(folder, Assert.IsType<LocalOutputObjects>(OutputObjectStores.Open(folder, Store)).Root);
    }

    [Theory]
    [InlineData("models", "inside the store's own 'models' folder")]
    [InlineData("events/x", "inside the store's own 'events' folder")]
    [InlineData("out/../models", "is not a path inside the model store")]
    [InlineData("gs://bucket/x", "unsupported scheme 'gs'")]
    [InlineData("s3://Bad_Bucket/x", "invalid bucket")]
    [InlineData(" ", "An output prefix is required")]
    public void APrefixThatCannotBeWritten_IsRefused_SayingWhy(string prefix, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => OutputObjectStores.Open(prefix, Store, Settings));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
