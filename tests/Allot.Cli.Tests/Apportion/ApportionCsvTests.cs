using System.Text;

namespace Allot.Cli.Tests.Apportion;

/// <summary><c>apportion</c> reads and writes CSV through the data plane (strict UTF-8, row shape, neutralised cells).</summary>
public sealed class ApportionCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-cli-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "out.csv");

    private string Input(byte[] bytes)
    {
        var path = Path.Combine(_dir, "in.csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Input(string text) => Input(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void FormulaUnitKey_IsWrittenNeutralised_NumbersStayNumbers()
    {
        var input = Input("unit,weight,total\n\"=cmd|' /C calc'!A0\",1,4\n-5,3,4\n@x,0,4\n");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--output", Out);
        Assert.True(exit == 0, stderr);
        Assert.Equal(["unit,weight,total,allocation", "'=cmd|' /C calc'!A0,1,4,1", "-5,3,4,3", "'@x,0,4,0"], File.ReadAllLines(Out));
    }

    [Fact]
    public void FormulaGroupKey_IsWrittenNeutralised()
    {
        var input = Input("g,unit,weight,total\n+SUM(A1),a,1,2\n");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--group-column", "g", "--output", Out);
        Assert.True(exit == 0, stderr);
        Assert.Equal("'+SUM(A1),a,1,2,2", File.ReadAllLines(Out)[1]);
    }

    [Fact]
    public void RowMissingItsLastField_IsInputError_NamingTheRow_AndNothingIsWritten()
    {
        var input = Input("unit,weight,total\na,1,5\nb,1\n");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--output", Out);
        Assert.Equal(3, exit);
        Assert.Contains("E_CSV_ROW_SHAPE", stderr, StringComparison.Ordinal);
        Assert.Contains("row 2", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public void LongRow_IsInputError()
    {
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", Input("unit,weight,total\na,1,5,9\n"), "--output", Out);
        Assert.Equal(3, exit);
        Assert.Contains("E_CSV_ROW_SHAPE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Latin1Byte_IsInputError_NamingTheRow()
    {
        var bytes = Encoding.UTF8.GetBytes("unit,weight,total\na,1,5\nCaf").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes(",1,5\n")).ToArray();
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", Input(bytes), "--output", Out);
        Assert.Equal(3, exit);
        Assert.Contains("E_CSV_ENCODING", stderr, StringComparison.Ordinal);
        Assert.Contains("row 2", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public void BomInput_IsAccepted()
    {
        var input = Input([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("unit,weight,total\na,1,2\nb,1,2\n")]);
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--output", Out);
        Assert.True(exit == 0, stderr);
        Assert.Equal("unit,weight,total,allocation", File.ReadAllLines(Out)[0]);
    }
}
