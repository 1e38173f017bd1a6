using System.Text;
using Allot.Data.Csv;
using Allot.Data.Tables;
using CsCheck;

namespace Allot.Data.Tests.Csv;

public sealed class CsvFileWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-csvw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+A1", "'+A1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("-5", "-5")]
    [InlineData("+1.5e-3", "+1.5e-3")]
    [InlineData("-.5", "-.5")]
    [InlineData("-", "'-")]
    [InlineData("-Infinity", "'-Infinity")]
    [InlineData("- 5", "'- 5")]
    [InlineData("N-001", "N-001")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("", "")]
    public void Text_NeutralisesFormulas_KeepsNumbers_QuotesPerRfc4180(string value, string expected)
    {
        Assert.Equal(expected, CsvCell.Text(value));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-12.50", true)]
    [InlineData("1.", true)]
    [InlineData(".5", true)]
    [InlineData("1E10", true)]
    [InlineData("1e", false)]
    [InlineData(".", false)]
    [InlineData("1,000", false)]
    [InlineData("0x10", false)]
    [InlineData("NaN", false)]
    [InlineData(" 1", false)]
    [InlineData("١", false)]
    public void IsNumber_IsThePlainDecimalGrammar(string text, bool expected)
    {
        Assert.Equal(expected, CsvCell.IsNumber(text));
    }

    [Fact]
    public void Write_DefaultsToNoBom_LfLineEnds_TypedNumbers()
    {
        var bytes = CsvFileWriter.ToBytes(["unit", "w", "n", "d", "x"], w =>
        {
            w.Text("=cmd|' /C calc'!A0").Real(0.1).Integer(-3).Decimal(1.50m).NumberText("=1").EndRow();
            w.Text(null).Real(double.NaN).Integer(0).Decimal(null).NumberText("-2.5").EndRow();
        });
        Assert.Equal("unit,w,n,d,x\n'=cmd|' /C calc'!A0,0.1,-3,1.50,'=1\n,,0,,-2.5\n", Encoding.UTF8.GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]);
    }

    [Fact]
    public void Write_WithBom_StartsWithEfBbBf_AndReadsBackWithoutIt()
    {
        var bytes = CsvFileWriter.ToBytes(["store"], w => w.Text("001").EndRow(), byteOrderMark: true);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var path = Path.Combine(_dir, "bom.csv");
        File.WriteAllBytes(path, bytes);
        var t = TableReader.Read(path);
        Assert.Equal(["store"], t.Columns);
        Assert.Equal(["001"], t.Column("store"));
    }

    [Fact]
    public void Write_RowOfWrongWidth_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => CsvFileWriter.ToBytes(["a", "b"], w => w.Text("x").EndRow()));
        Assert.Throws<InvalidOperationException>(() => CsvFileWriter.ToBytes(["a"], w => w.Text("x").Text("y")));
    }

    [Fact]
    public void Write_OneColumnEmptyCell_IsQuoted_SoTheLineIsNotBlank()
    {
        Assert.Equal("c\n\"\"\n", Encoding.UTF8.GetString(CsvFileWriter.ToBytes(["c"], w => w.Text(string.Empty).EndRow())));
    }

    [Fact]
    public void Write_SameRows_SameBytes()
    {
        static byte[] Render() => CsvFileWriter.ToBytes(["k", "v"], w => w.Text("a\"b").Real(1.0 / 3).EndRow());
        Assert.Equal(Render(), Render());
    }

    [Fact]
    public void Text_Span_SameBytesAsString_ForAnyText()
    {
        // The span overload quotes in place (no string per cell); it must write exactly what the string overload writes.
        Gen.String[Gen.Char["ab ,\"\r\n\té=+-@'1"], 0, 12].Array[1, 6].Sample(cells =>
        {
            var header = new[] { "a", "b" };
            var viaString = CsvFileWriter.ToBytes(header, w =>
            {
                foreach (var c in cells)
                {
                    w.Text(c).Text(c).EndRow();
                }
            });
            var viaSpan = CsvFileWriter.ToBytes(header, w =>
            {
                foreach (var c in cells)
                {
                    w.Text(c.AsSpan()).Text(c.AsSpan()).EndRow();
                }
            });
            Assert.Equal(viaString, viaSpan);
        });
    }

    [Fact]
    public void TextUtf8_SameBytesAsString_ForAnyText()
    {
        // The UTF-8 overload (the pick list's rationale, built as bytes) must neutralise and quote exactly as the
        // characters' path does: formula starts, plain numbers (never neutralised), quotes, edge white space
        // (incl. U+3000, a non-ASCII space), CJK and a character outside the BMP.
        var text = Gen.String[Gen.Char["ab ,\"\r\n\té=+-@'1.e店\u3000"], 0, 14].Select(t => t.Replace("@@", "\U0001F600", StringComparison.Ordinal));
        var number = Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Gen.OneOf(text, number, Gen.Const("-12.5e+3"), Gen.Const("+7"), Gen.Const("-3 of 75 units")).Array[1, 6].Sample(cells =>
        {
            var header = new[] { "a", "b" };
            var viaString = CsvFileWriter.ToBytes(header, w =>
            {
                foreach (var c in cells)
                {
                    w.Text(c).Integer(1).EndRow();
                }
            });
            var viaUtf8 = CsvFileWriter.ToBytes(header, w =>
            {
                foreach (var c in cells)
                {
                    w.TextUtf8(Encoding.UTF8.GetBytes(c)).Integer(1).EndRow();
                }
            });
            Assert.Equal(viaString, viaUtf8);

            // A file of one column, where an empty cell must not become a blank line.
            var one = new[] { "a" };
            Assert.Equal(
                CsvFileWriter.ToBytes(one, w => Array.ForEach(cells, c => w.Text(c).EndRow())),
                CsvFileWriter.ToBytes(one, w => Array.ForEach(cells, c => w.TextUtf8(Encoding.UTF8.GetBytes(c)).EndRow())));
        }, iter: 2000);
    }

    [Fact]
    public void TextUtf8_InvalidBytes_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => CsvFileWriter.ToBytes(["a"], w => w.TextUtf8(new byte[] { 0x61, 0xC3 }).EndRow()));
        Assert.Contains("invalid byte sequence", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotingRoundTrip_AnyTextThatIsNotAFormula_ReadsBackUnchanged()
    {
        Gen.String[Gen.Char["ab ,\"\r\n\té=+-@'1"], 0, 12].Array[1, 6].Sample(cells =>
        {
            var bytes = CsvFileWriter.ToBytes(["c"], w =>
            {
                foreach (var c in cells)
                {
                    w.Text(c).EndRow();
                }
            });
            var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv"); // samples run in parallel
            File.WriteAllBytes(path, bytes);
            var back = TableReader.Read(path).Column("c");
            Assert.Equal(cells.Length, back.Count);
            for (var i = 0; i < cells.Length; i++)
            {
                var expected = CsvCell.NeedsNeutralising(cells[i]) ? "'" + cells[i] : cells[i];
                Assert.Equal(expected, back[i] ?? string.Empty); // the table reader gives an empty cell as null
            }
        }, iter: 300);
    }

    [Fact]
    public void Verbatim_QuotesButKeepsFormulaCells_ForFilesThatImitateOtherProducers()
    {
        var bytes = CsvFileWriter.ToBytes(["a", "b"], csv => csv.Verbatim("=HYPERLINK(\"x\")").Verbatim("plain").EndRow());
        Assert.Equal("a,b\n\"=HYPERLINK(\"\"x\"\")\",plain\n", System.Text.Encoding.UTF8.GetString(bytes));
        var text = CsvFileWriter.ToBytes(["a"], csv => csv.Text("=HYPERLINK(\"x\")").EndRow());
        Assert.StartsWith("a\n\"'=HYPERLINK", System.Text.Encoding.UTF8.GetString(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_AreTheUtf8OfTheCellTexts_ForAnyCells_IncludingLongAndNonAsciiOnes()
    {
        // The writer encodes straight into its byte buffer; the reference is the cells' own texts (CsvCell) joined
        // and encoded in one go. Cells up to 70,000 characters cross the 64 KB buffer; surrogate pairs are included.
        var text = Gen.String[Gen.Char["ab ,\"\r\n\t=+-@'1é店铺"], 0, 40].Select(t => t.Replace("@", "\U0001F600", StringComparison.Ordinal));
        var longText = Gen.Int[20_000, 70_000].Select(Gen.Char["a,店\""], (n, c) => new string(c, n));
        var cell = Gen.OneOf(
            text.Select(t => ((Action<CsvFileWriter>)(w => w.Text(t)), CsvCell.Text(t))),
            longText.Select(t => ((Action<CsvFileWriter>)(w => w.Text(t.AsSpan())), CsvCell.Text(t))),
            Gen.Long.Select(v => ((Action<CsvFileWriter>)(w => w.Integer(v)), CsvCell.Integer(v))),
            Gen.Double.Select(v => ((Action<CsvFileWriter>)(w => w.Real(v)), CsvCell.Real(v))),
            Gen.Decimal.Select(v => ((Action<CsvFileWriter>)(w => w.Decimal(v)), CsvCell.Decimal(v))));
        Gen.Select(cell.Array[3], Gen.Int[1, 4]).Sample((cells, rows) =>
        {
            var header = new[] { "x", "y", "z" };
            var bytes = CsvFileWriter.ToBytes(header, w =>
            {
                for (var r = 0; r < rows; r++)
                {
                    foreach (var (write, _) in cells)
                    {
                        write(w);
                    }

                    w.EndRow();
                }
            });
            var line = string.Join(",", cells.Select(c => c.Item2)) + "\n";
            var expected = "x,y,z\n" + string.Concat(Enumerable.Repeat(line, rows));
            Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes);
        }, iter: 200);
    }

    [Fact]
    public void Fragment_WritesTheSameBytesAsItsCells()
    {
        Gen.String[Gen.Char["ab ,\"\n=-1店"], 0, 8].Array[4].Sample(cells =>
        {
            var header = new[] { "a", "b", "c", "d" };
            var direct = CsvFileWriter.ToBytes(header, w => w.Text(cells[0]).Text(cells[1]).Text(cells[2]).Text(cells[3]).EndRow());
            var middle = CsvFileWriter.Render(2, w => w.Text(cells[1]).Text(cells[2]));
            var first = CsvFileWriter.Render(1, w => w.Text(cells[0]));
            var viaFragments = CsvFileWriter.ToBytes(header, w => w.Fragment(first).Fragment(middle).Text(cells[3]).EndRow());
            Assert.Equal(direct, viaFragments);
        });
    }

    [Fact]
    public void Fragment_EmptyLoneCell_IsQuotedInAOneColumnFile_AndCountsItsCells()
    {
        var empty = CsvFileWriter.Render(1, w => w.Text(string.Empty));
        Assert.Equal("c\n\"\"\n", Encoding.UTF8.GetString(CsvFileWriter.ToBytes(["c"], w => w.Fragment(empty).EndRow())));
        Assert.Equal("a,b\n,\n", Encoding.UTF8.GetString(CsvFileWriter.ToBytes(["a", "b"], w => w.Fragment(empty).Empty().EndRow())));

        var two = CsvFileWriter.Render(2, w => w.Integer(1).Integer(2));
        Assert.Throws<InvalidOperationException>(() => CsvFileWriter.ToBytes(["a", "b"], w => w.Integer(0).Fragment(two).EndRow()));
        Assert.Throws<InvalidOperationException>(() => CsvFileWriter.ToBytes(["a", "b", "c"], w => w.Fragment(two).EndRow()));
        Assert.Throws<InvalidOperationException>(() => CsvFileWriter.Render(2, w => w.Integer(1)));
    }

    [Fact]
    public void Text_WithALoneSurrogate_IsRefused_NotReplaced()
    {
        Assert.Throws<EncoderFallbackException>(() => CsvFileWriter.ToBytes(["a"], w => w.Text("ab\uD800c").EndRow()));
        Assert.Throws<EncoderFallbackException>(() => CsvFileWriter.ToBytes(["a"], w => w.Text("\"x\uDC00\"").EndRow()));
    }

    [Fact]
    public void Render_WithinARender_KeepsBothFragments()
    {
        CsvFragment? inner = null;
        var outer = CsvFileWriter.Render(1, w =>
        {
            inner = CsvFileWriter.Render(1, v => v.Text("inner, quoted"));
            w.Text("outer");
        });
        var bytes = CsvFileWriter.ToBytes(["a", "b"], w => w.Fragment(outer).Fragment(inner!).EndRow());
        Assert.Equal("a,b\nouter,\"inner, quoted\"\n", Encoding.UTF8.GetString(bytes));
    }
}
