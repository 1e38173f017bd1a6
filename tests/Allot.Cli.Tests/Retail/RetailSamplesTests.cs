namespace Allot.Cli.Tests.Retail;

/// <summary>The README quick start: the committed samples under samples/retail allocate and validate for A and B.</summary>
public class RetailSamplesTests
{
    private static string Samples()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Allot.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), "samples", "retail");
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    public void CommittedSamples_AllocateAndValidate(string half)
    {
        using var h = new RetailCliHarness();
        var (exit, stdout, stderr) = h.Run("retail", "allocate", "--target-yyyymm", "202509", "--target-period", half, "--input-dir", Samples(), "--output-dir", h.Path("out"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("0 residual rows", stdout, StringComparison.Ordinal);
        var validate = h.Run("retail", "validate", "--target-yyyymm", "202509", "--target-period", half, "--output-dir", h.Path("out"));
        Assert.True(validate.Exit == 0, validate.Stderr);
        Assert.False(Directory.EnumerateFileSystemEntries(Samples(), "*step32*", SearchOption.AllDirectories).Any(), "samples must stay untouched");
    }
}
