using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace Allot.Bench.Apportion;

/// <summary>
/// The reference for <c>allot apportion</c> on a big table: DuckDB reading the same CSV and writing every input
/// column plus an allocation column (the floor of each unit's quota, a window sum per group) — the same I/O and a
/// comparable plan, without largest-remainder's exact remainders and ties. Run as its own process by
/// <c>bench/apportion/run-apportion-bench.sh</c> so that wall, CPU and peak RSS are measured alike.
/// </summary>
public static class ApportionReference
{
    /// <summary><c>macro apportion-duckdb INPUT OUTPUT [GROUP_COLUMN] [TOTAL]</c>.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: macro apportion-duckdb INPUT OUTPUT [GROUP_COLUMN|-] [TOTAL]");
            return 2;
        }

        var (input, output) = (args[0], args[1]);
        var group = args.Length > 2 && args[2] != "-" ? args[2] : null;
        var total = args.Length > 3 ? args[3] : "total";
        var partition = group is null ? string.Empty : $"PARTITION BY \"{group}\"";
        var sw = Stopwatch.StartNew();
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"""
            COPY (
              SELECT *, CAST(floor({total} * CAST(weight AS DECIMAL(38, 9)) / sum(CAST(weight AS DECIMAL(38, 9))) OVER ({partition})) AS BIGINT) AS allocation
              FROM read_csv('{input}', header = true, all_varchar = false)
            ) TO '{output}' (FORMAT csv, HEADER true)
            """;
        cmd.ExecuteNonQuery();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duckdb {DuckDBVersion(connection)}: {sw.Elapsed.TotalSeconds:F3} s in process"));
        return 0;
    }

    private static string DuckDBVersion(DuckDBConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT version()";
        return cmd.ExecuteScalar()?.ToString() ?? "?";
    }
}
