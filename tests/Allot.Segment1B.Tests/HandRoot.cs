using Allot.Data.Parquet;
using Allot.Segment1B;
using Allot.Segment1B.Fixtures;

namespace Allot.Segment1B.Tests;

/// <summary>A small data root built row by row in a temp folder (deleted on dispose).</summary>
internal sealed class HandRoot : IDisposable
{
    public HandRoot()
    {
        Root = Path.Combine(Path.GetTempPath(), "allot-s4-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Identity = new Segment1BIdentity("42", "fp0123abc", "ph0456def");
    }

    public string Root { get; }

    public Segment1BIdentity Identity { get; }

    public Segment1BLayout Layout => new(Root, Identity);

    /// <summary>Two countries: GB tiles 1001 (700), 1002 (300); FR tiles 7..9 = 333/334/333; dp 3. Merchant 101 GB n=5, 202 FR n=3.</summary>
    public static HandRoot SpecExamples()
    {
        var h = new HandRoot();
        h.WriteIso("GB", "FR", "DE");
        h.WriteIndex(("GB", 1001), ("GB", 1002), ("GB", 1003), ("FR", 7), ("FR", 8), ("FR", 9));
        h.WriteWeights(3, ("GB", 1001, 700), ("GB", 1002, 300), ("FR", 7, 333), ("FR", 8, 334), ("FR", 9, 333));
        h.WriteRequirements((202, "FR", 3), (101, "GB", 5));
        h.WriteBundle();
        return h;
    }

    /// <summary>One country with ten equal weights (100/1000) and n = 7: only the tile_id rule decides.</summary>
    public static HandRoot EqualRemainders()
    {
        var h = new HandRoot();
        ulong[] ids = [90, 3, 41, 5, 12, 8, 99, 11, 40, 91];
        h.WriteIso("NL");
        h.WriteIndex(ids.Select(t => ("NL", t)).ToArray());
        h.WriteWeights(3, ids.Select(t => ("NL", t, 100UL)).ToArray());
        h.WriteRequirements((5, "NL", 7));
        h.WriteBundle();
        return h;
    }

    public void WriteIso(params string[] codes) =>
        Write(Layout.IsoTable, [new("country_iso", ParquetColumnKind.String)], [codes], asFile: true);

    public void WriteIndex(params (string Country, ulong Tile)[] rows) =>
        Write(Layout.TileIndex, [new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64)],
            [rows.Select(r => r.Country).ToArray(), rows.Select(r => r.Tile).ToArray()]);

    public void WriteWeights(long dp, params (string Country, ulong Tile, ulong Weight)[] rows) =>
        Write(Layout.TileWeights,
            [new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64), new("weight_fp", ParquetColumnKind.UInt64), new("dp", ParquetColumnKind.Int64)],
            [rows.Select(r => r.Country).ToArray(), rows.Select(r => r.Tile).ToArray(), rows.Select(r => r.Weight).ToArray(), rows.Select(_ => dp).ToArray()]);

    public void WriteRequirements(params (long Merchant, string Country, long NSites)[] rows) =>
        Write(Layout.Requirements,
            [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String), new("n_sites", ParquetColumnKind.Int64)],
            [rows.Select(r => r.Merchant).ToArray(), rows.Select(r => r.Country).ToArray(), rows.Select(r => r.NSites).ToArray()]);

    public void WriteBundle() => FixtureGenerator.WriteBundle(Layout.ValidationBundle, Identity);

    /// <summary>Replaces a dataset folder (or file) with one part of the given columns.</summary>
    public static void Write(string location, ParquetColumnSpec[] cols, Array[] data, bool asFile = false)
    {
        var folder = asFile ? Path.Combine(Path.GetDirectoryName(location)!, ".tmp-" + Guid.NewGuid().ToString("N")) : location;
        if (!asFile && Directory.Exists(folder))
        {
            Directory.Delete(folder, true);
        }

        Directory.CreateDirectory(folder);
        using (var w = new ParquetPartitionWriter(folder, cols))
        {
            if (data[0].Length == 0)
            {
                w.WriteEmptyFile();
            }
            else
            {
                w.WriteRowGroup(data, data[0].Length);
            }
        }

        if (asFile)
        {
            File.Move(Path.Combine(folder, "part-00000.parquet"), location, overwrite: true);
            Directory.Delete(folder, true);
        }
    }

    /// <summary>The plan's rows, in file order.</summary>
    public static List<(long Merchant, string Country, ulong Tile, long Count)> ReadPlan(string partition)
    {
        var rows = new List<(long, string, ulong, long)>();
        var ds = ParquetDataset.TryOpen(partition) ?? throw new InvalidOperationException("no plan at " + partition);
        foreach (var b in ds.ReadBatches(Allot.Segment1B.Allocation.PlanRowSink.Columns, "E_TEST"))
        {
            for (var i = 0; i < b.RowCount; i++)
            {
                rows.Add((b.Int64("merchant_id")[i], b.String("legal_country_iso")[i], b.UInt64("tile_id")[i], b.Int64("n_sites_tile")[i]));
            }
        }

        return rows;
    }

    /// <summary>Rewrites the plan partition with the given rows (for tampering tests).</summary>
    public static void WritePlan(string partition, IReadOnlyList<(long Merchant, string Country, ulong Tile, long Count)> rows) =>
        Write(partition, Allot.Segment1B.Allocation.PlanRowSink.Columns.ToArray(),
            [rows.Select(r => r.Merchant).ToArray(), rows.Select(r => r.Country).ToArray(), rows.Select(r => r.Tile).ToArray(), rows.Select(r => r.Count).ToArray()]);

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
