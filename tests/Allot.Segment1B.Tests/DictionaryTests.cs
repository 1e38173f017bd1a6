using Allot.Segment1B;

namespace Allot.Segment1B.Tests;

public sealed class DictionaryTests
{
    [Fact]
    public void EmbeddedDictionary_HasEveryDatasetS0AndS4ReadOrWrite()
    {
        using var h = new HandRoot();
        var layout = h.Layout;
        Assert.Equal(
            ["iso3166_canonical_2024", "s0_gate_receipt_1B", "s3_requirements", "s4_alloc_plan", "s4_run_report", "tile_index", "tile_weights", "validation_bundle_1A"],
            layout.Dictionary.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("data/layer1/1B/s4_alloc_plan/seed=42/fingerprint=fp0123abc/parameter_hash=ph0456def", layout.AllocPlanRelative);
        Assert.Equal("2024-12-31", layout.IsoVersion);
        Assert.StartsWith(Path.Combine(h.Root, "control", "s4_alloc_plan"), layout.RunReport, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedDictionary_IsTheContractFile()
    {
        string? repo = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && repo is null; dir = dir.Parent)
        {
            repo = File.Exists(Path.Combine(dir.FullName, "Allot.slnx")) ? dir.FullName : null;
        }

        Assert.NotNull(repo);
        var contract = File.ReadAllText(Path.Combine(repo!, "contracts", "dataset_dictionary", "layer1.1B.yaml"));
        Assert.Equal(contract, Segment1BLayout.EmbeddedDictionaryText());
    }
}
