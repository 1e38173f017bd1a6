using Allot.Core.Errors;
using Allot.Data.Parquet;
using Allot.Segment1B.Allocation;

namespace Allot.Segment1B.Tests;

/// <summary>
/// The requirements read (one pass: checks, shared country strings, order and duplicates decided while reading when
/// the input is sorted) against a plain reference: sort by (merchant, country ordinal), first adjacent duplicate.
/// </summary>
public sealed class RequirementReadTests
{
    private static readonly string[] Countries = ["AD", "BE", "DE", "FR", "GB", "NL", "ZW", "ZA"];

    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, true, false)]
    [InlineData(3, false, true)]
    [InlineData(4, true, true)]
    [InlineData(5, true, false)]
    [InlineData(6, false, false)]
    [InlineData(7, true, true)]
    [InlineData(8, false, true)]
    public void PairsAndDuplicatesMatchTheReference(int seed, bool shuffle, bool duplicate)
    {
        var random = new Random(seed);
        var rows = new List<(long Merchant, string Country, long Sites)>();
        for (var m = 1L; m <= 300; m++)
        {
            foreach (var c in Countries.Where(_ => random.Next(3) == 0))
            {
                rows.Add((m * 7, c, random.Next(1, 50)));
            }
        }

        rows.Sort((a, b) => a.Merchant != b.Merchant ? a.Merchant.CompareTo(b.Merchant) : string.CompareOrdinal(a.Country, b.Country));
        if (duplicate)
        {
            var twin = rows[random.Next(rows.Count)];
            rows.Insert(rows.IndexOf(twin) + 1, twin with { Sites = twin.Sites + 1 });
        }

        if (shuffle)
        {
            rows = [.. rows.OrderBy(_ => random.Next())];
        }

        using var h = HandRoot.SpecExamples();
        h.WriteIso(Countries);
        WriteInRowGroups(h, rows, groups: 1 + random.Next(4));

        var sorted = rows.OrderBy(r => r.Merchant).ThenBy(r => r.Country, StringComparer.Ordinal).ToList();
        var firstDuplicate = Enumerable.Range(1, Math.Max(0, sorted.Count - 1))
            .Where(i => sorted[i].Merchant == sorted[i - 1].Merchant && sorted[i].Country == sorted[i - 1].Country)
            .Select(i => (int?)i).FirstOrDefault();
        if (firstDuplicate is { } d)
        {
            var ex = Assert.Throws<AllotException>(() => S4InputLoader.LoadRequirements(h.Layout));
            Assert.Equal(S4Codes.PkDuplicate, ex.Code);
            Assert.Contains($"merchant_id={sorted[d].Merchant}, legal_country_iso={sorted[d].Country}", ex.Error.Key, StringComparison.Ordinal);
            return;
        }

        var pairs = S4InputLoader.LoadRequirements(h.Layout).Pairs;
        Assert.Equal(sorted.Select(r => r.Merchant), pairs.MerchantIds);
        Assert.Equal(sorted.Select(r => r.Country), pairs.CountryIsos);
        Assert.Equal(sorted.Select(r => r.Sites), pairs.NSites);

        // One string per country code, whatever row group it came from.
        Assert.Equal(pairs.CountryIsos.Distinct(StringComparer.Ordinal).Count(), pairs.CountryIsos.Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    [Theory]
    [InlineData("gb")]
    [InlineData("G")]
    [InlineData("GBR")]
    [InlineData("G1")]
    public void CountryThatIsNotTwoCapitalLettersIsReportedWithItsRow(string bad)
    {
        using var h = HandRoot.SpecExamples();
        h.WriteRequirements((101, "GB", 5), (202, bad, 3));
        var ex = Assert.Throws<AllotException>(() => S4InputLoader.LoadRequirements(h.Layout));
        Assert.Equal(S4Codes.SchemaInvalid, ex.Code);
        Assert.Equal(2, ex.Error.Row);
        Assert.Contains($"legal_country_iso '{bad}'", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CountryOutsideTheIsoTableIsReportedAtItsFirstRow()
    {
        using var h = HandRoot.SpecExamples();
        h.WriteRequirements((101, "GB", 5), (202, "US", 3), (303, "US", 1));
        var ex = Assert.Throws<AllotException>(() => S4InputLoader.LoadRequirements(h.Layout));
        Assert.Equal(S4Codes.CoverageMissing, ex.Code);
        Assert.Equal(2, ex.Error.Row);
    }

    private static void WriteInRowGroups(HandRoot h, List<(long Merchant, string Country, long Sites)> rows, int groups)
    {
        Directory.Delete(h.Layout.Requirements, true);
        Directory.CreateDirectory(h.Layout.Requirements);
        ParquetColumnSpec[] cols = [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String), new("n_sites", ParquetColumnKind.Int64)];
        using var w = new ParquetPartitionWriter(h.Layout.Requirements, cols);
        var size = (rows.Count + groups - 1) / groups;
        foreach (var chunk in rows.Chunk(size))
        {
            // Fresh strings per group, as another writer's pages would decode to.
            w.WriteRowGroup([chunk.Select(r => r.Merchant).ToArray(), chunk.Select(r => new string(r.Country.AsSpan())).ToArray(), chunk.Select(r => r.Sites).ToArray()], chunk.Length);
        }
    }
}
