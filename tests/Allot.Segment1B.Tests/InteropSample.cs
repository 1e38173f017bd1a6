using Allot.Segment1B;
using Allot.Segment1B.Fixtures;

namespace Allot.Segment1B.Tests;

/// <summary>The original engine's sample root (../shared/interop/s4_sample_run), copied into a temp root.</summary>
internal sealed class InteropSample : IDisposable
{
    public const string Fingerprint = "abc123abc123abc123abc123abc123abc123abc123abc123abc123abc123abc1";

    private InteropSample(string root)
    {
        Root = root;
        Identity = new Segment1BIdentity("demo-seed", Fingerprint, "paramdemo");
        // The sample keeps its ISO table at reference/iso/iso3166_canonical.parquet: a custom dictionary says so.
        DictionaryPath = Path.Combine(root, "layer1.1B.interop.yaml");
        File.WriteAllText(DictionaryPath, Segment1BLayout.EmbeddedDictionaryText()
            .Replace("reference/iso/iso3166_canonical/2024-12-31/iso3166.parquet", "reference/iso/iso3166_canonical.parquet", StringComparison.Ordinal)
            .Replace("version: \"2024-12-31\"", "version: \"demo\"", StringComparison.Ordinal));
    }

    public string Root { get; }

    public Segment1BIdentity Identity { get; }

    public string DictionaryPath { get; }

    public Segment1BLayout Layout => new(Root, Identity, DictionaryPath);

    /// <summary>The shared sample folder, searched upwards from the test binaries; null when CI has no shared/.</summary>
    public static string? Source()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "interop", "s4_sample_run");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Copies the sample (skips the test with a visible message when shared/ is absent).</summary>
    public static InteropSample Copy(bool withBundle = true)
    {
        var source = Source();
        if (source is null)
        {
            Assert.Skip("../shared/interop/s4_sample_run not found beside the repository; interop test skipped.");
        }

        var root = Path.Combine(Path.GetTempPath(), "allot-s4-interop-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(source!, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(source!, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetAttributes(target, FileAttributes.Normal);
        }

        var sample = new InteropSample(root);
        if (withBundle)
        {
            // The sample ships no 1A bundle; a valid one is made so S0 can pass.
            FixtureGenerator.WriteBundle(sample.Layout.ValidationBundle, sample.Identity);
        }

        return sample;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
