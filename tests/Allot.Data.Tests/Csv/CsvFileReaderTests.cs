using System.Text;
using Allot.Core.Errors;
using Allot.Data.Csv;
using Allot.Data.Tables;

namespace Allot.Data.Tests.Csv;

public sealed class CsvFileReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(byte[] bytes)
    {
        var path = Path.Combine(_dir, "t.csv");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private string File(string text) => File(Encoding.UTF8.GetBytes(text));

    private static List<string[]> ReadAll(string path)
    {
        using var r = CsvFileReader.Open(path);
        var rows = new List<string[]> { r.Header.ToArray() };
        while (r.Read())
        {
            rows.Add(Enumerable.Range(0, r.Header.Count).Select(r.Get).ToArray());
        }

        return rows;
    }

    private static AllotError Fails(string path)
    {
        var ex = Assert.Throws<AllotException>(() => ReadAll(path));
        Assert.Equal(ErrorClass.Input, ex.Error.Class);
        Assert.Equal(path, ex.Error.File);
        return ex.Error;
    }

    [Fact]
    public void Read_PlainFile_ReturnsHeaderAndCellsExactly()
    {
        var rows = ReadAll(File("a, b ,c\n1, x ,\n\"q,\"\"z\"\"\",\"line\nbreak\",3\n"));
        Assert.Equal(["a", "b", "c"], rows[0]);
        Assert.Equal(["1", " x ", string.Empty], rows[1]);
        Assert.Equal(["q,\"z\"", "line\nbreak", "3"], rows[2]);
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public void Read_Utf8Bom_IsAccepted_AndNotPartOfTheFirstName()
    {
        var path = File([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("unit,weight\nZürich,1\n")]);
        var rows = ReadAll(path);
        Assert.Equal(["unit", "weight"], rows[0]);
        Assert.Equal(["Zürich", "1"], rows[1]);
    }

    [Fact]
    public void AFolderForAFile_IsNamedAsAFolder()
    {
        // Found by hand: `--exclude-stores-file some-folder` said "Access to the path … is denied", and
        // `apportion --input some-folder` said "file not found".
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "a-folder")).FullName;
        Assert.Equal("this is a folder; name the CSV file in it.", Fails(folder).Message);
        var table = Assert.Throws<AllotException>(() => TableReader.Read(folder));
        Assert.Equal("this is a folder; name a CSV or Parquet file.", table.Error.Message);
    }

    [Fact]
    public void Read_CrLfLineEnds_AreAccepted()
    {
        Assert.Equal(["2", "y"], ReadAll(File("a,b\r\n1,x\r\n2,y\r\n"))[2]);
    }

    [Fact]
    public void Read_Latin1Byte_IsEncodingError_NamingTheRow_NeverReplacementChar()
    {
        var bytes = Encoding.UTF8.GetBytes("store,name\n1,ok\n2,Caf").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("\n3,fine\n")).ToArray();
        var e = Fails(File(bytes));
        Assert.Equal(CsvCodes.Encoding, e.Code);
        Assert.Equal(2, e.Row);
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidByteAfterQuotedLineBreak_CountsRowsNotLines()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n\"x\ny\",1\n2,").Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
        Assert.Equal(2, Fails(File(bytes)).Row);
    }

    [Fact]
    public void Read_InvalidByteInHeader_IsEncodingError_WithoutRow()
    {
        var e = Fails(File(new byte[] { (byte)'a', 0xC3, (byte)',', (byte)'b', (byte)'\n' }));
        Assert.Equal(CsvCodes.Encoding, e.Code);
        Assert.Null(e.Row);
    }

    [Theory]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF }, "gzip-compressed")]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x00, 0xFF }, "zstd-compressed")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0xFF }, "a ZIP archive")]
    [InlineData(new byte[] { 0x50, 0x41, 0x52, 0x31, 0x15, 0x04, 0xFF, 0xFE }, "a Parquet file")]
    public void Read_ACompressedOrBinaryFile_IsEncodingError_ThatSaysWhatTheFileIs(byte[] bytes, string kind)
    {
        // Found at the border: `--input alloc.csv.gz` (or an .xlsx or a Parquet file saved as .csv) was told "byte
        // offset 1 in the header is not valid UTF-8; save the file as UTF-8 (a GBK/GB18030 … export …)", which sends a
        // person to re-encode a file that only needs decompressing or renaming.
        var e = Fails(File(bytes));
        Assert.Equal(CsvCodes.Encoding, e.Code);
        Assert.Contains($"the file is {kind}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("GBK", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Utf16File_IsEncodingError()
    {
        var e = Fails(File([.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes("a,b\n1,2\n")]));
        Assert.Equal(CsvCodes.Encoding, e.Code);
    }

    [Fact]
    public void Read_ShortRow_IsRowShapeError_NamingTheRow()
    {
        var e = Fails(File("unit,weight,total\na,1,5\nb,1\n"));
        Assert.Equal(CsvCodes.RowShape, e.Code);
        Assert.Equal(2, e.Row);
        Assert.Contains("short", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LongRow_IsRowShapeError_NamingTheRow()
    {
        var e = Fails(File("unit,weight\na,1\nb,1\nc,1,9\n"));
        Assert.Equal(CsvCodes.RowShape, e.Code);
        Assert.Equal(3, e.Row);
        Assert.Contains("long", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BlankLinesAtTheEnd_AreIgnored_ButABlankLineBeforeData_IsShort()
    {
        Assert.Equal(2, ReadAll(File("a,b\n1,2\n\n\n")).Count);
        var e = Fails(File("a,b\n1,2\n\n3,4\n"));
        Assert.Equal(CsvCodes.RowShape, e.Code);
        Assert.Equal(2, e.Row);
    }

    [Fact]
    public void Read_OneColumn_EmptyValues_AreRows()
    {
        Assert.Equal(3, ReadAll(File("c\n\"\"\n\n")).Count);
    }

    [Fact]
    public void Read_TextAfterClosingQuote_IsMalformed_NamingTheRow()
    {
        var e = Fails(File("a,b\n1,2\n\"x\"y,2\n"));
        Assert.Equal(CsvCodes.Malformed, e.Code);
        Assert.Equal(2, e.Row);
    }

    [Fact]
    public void Read_UnterminatedQuote_IsMalformed()
    {
        Assert.Equal(CsvCodes.Malformed, Fails(File("a,b\n\"x,2\n")).Code);
    }

    [Fact]
    public void Read_SemicolonFile_IsNotAutoDetected()
    {
        var rows = ReadAll(File("a;b\n1;2\n"));
        Assert.Equal(["a;b"], rows[0]);
    }

    [Fact]
    public void Read_EmptyFile_IsMalformed()
    {
        Assert.Equal(CsvCodes.Malformed, Fails(File(string.Empty)).Code);
    }

    [Fact]
    public void Read_MissingFile_IsUnreadableInputError()
    {
        var path = Path.Combine(_dir, "nope.csv");
        var e = Assert.Throws<AllotException>(() => CsvFileReader.Open(path)).Error;
        Assert.Equal(CsvCodes.Unreadable, e.Code);
        Assert.Equal(ErrorClass.Input, e.Class);
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void ReadTable_ColumnsByName_BomAndHeaderSpacesDropped()
    {
        var t = TableReader.Read(File("\uFEFFstore, qty\n001,5\n002,\n"));
        Assert.Equal(2, t.RowCount);
        Assert.Equal(["store", "qty"], t.Columns);
        Assert.Equal(["001", "002"], t.Column("store"));
        Assert.Equal(["5", null], t.Column("qty")); // an empty cell is a missing value
        Assert.Equal(TableReader.MissingColumnCode, Assert.Throws<AllotException>(() => t.Column("missing")).Code);
    }

    [Theory]
    [InlineData("unit;weight\na;1\n", "the file looks ';'-separated")]
    [InlineData("unit\tweight\na\t1\n", "the file looks tab-separated")]
    [InlineData("unit|weight\na|1\n", "the file looks '|'-separated")]
    public void ReadTable_AFileWithAnotherSeparator_MissingColumnSaysSo(string text, string hint)
    {
        var e = Assert.Throws<AllotException>(() => TableReader.Read(File(text)).Column("unit")).Error;
        Assert.Equal(TableReader.MissingColumnCode, e.Code);
        Assert.Contains(hint, e.Message, StringComparison.Ordinal);
        Assert.Contains("comma-separated CSV", e.Message, StringComparison.Ordinal);

        // A comma-separated file that lacks the column gets no such hint.
        var plain = Assert.Throws<AllotException>(() => TableReader.Read(File("store,weight\na,1\n")).Column("unit")).Error;
        Assert.DoesNotContain("separated", plain.Message, StringComparison.Ordinal);
    }
}
