using EcommerceMl.Contracts.Batch;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Trainer.Tests.Batch;

/// <summary>When a version folder is complete, what another cut left in it, and which version the pointer names.</summary>
public sealed class CsvVersionFolderTests
{
    [Fact]
    public void AFolderWithAReceiptOfEveryShard_IsComplete_WhateverElseItHolds()
    {
        var names = new[] { BatchCsvLayout.PartName(0, 2), BatchCsvLayout.ReceiptName(1, 2), BatchCsvLayout.ReceiptName(0, 2), BatchCsvLayout.Success, BatchCsvLayout.PartName(1, 2) };

        var folder = CsvVersionFolder.Of(names, 2);

        Assert.True(folder.IsComplete);
        Assert.Equal([BatchCsvLayout.ReceiptName(0, 2), BatchCsvLayout.ReceiptName(1, 2)], folder.Receipts);
        Assert.Empty(folder.OtherCuts);
    }

    [Fact]
    public void APartWithoutItsReceipt_DoesNotCount_AndAnotherCutsObjectsAreOthers()
    {
        var names = new[] { BatchCsvLayout.PartName(0, 2), BatchCsvLayout.PartName(1, 2), BatchCsvLayout.ReceiptName(0, 2), BatchCsvLayout.PartName(2, 3), BatchCsvLayout.ReceiptName(2, 3) };

        var folder = CsvVersionFolder.Of(names, 2);

        Assert.False(folder.IsComplete);
        Assert.Equal([BatchCsvLayout.PartName(2, 3), BatchCsvLayout.ReceiptName(2, 3)], folder.OtherCuts);
    }

    [Fact]
    public void TheNewestComplete_IsTheGreatestVersionWithAManifest_NotTheGreatestWithParts()
    {
        var folder = BatchCsvLayout.OutputFolder("shop-recs", BatchOutputs.CustomerRecommendations);
        var paths = new[]
        {
            $"{folder}/{BatchCsvLayout.Latest}",
            $"{BatchCsvLayout.VersionFolder("shop-recs", BatchOutputs.CustomerRecommendations, "20261201T000000Z-aaaaaa")}/{BatchCsvLayout.Success}",
            $"{BatchCsvLayout.VersionFolder("shop-recs", BatchOutputs.CustomerRecommendations, "20261203T000000Z-cccccc")}/{BatchCsvLayout.PartName(0, 1)}",
            $"{BatchCsvLayout.VersionFolder("shop-recs", BatchOutputs.CustomerRecommendations, "20261202T000000Z-bbbbbb")}/{BatchCsvLayout.Success}",
        };

        Assert.Equal("20261202T000000Z-bbbbbb", CsvVersionFolder.NewestComplete(paths, folder));
        Assert.Null(CsvVersionFolder.NewestComplete([$"{folder}/{BatchCsvLayout.Latest}"], folder));
    }
}
