using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Allot.Segment1A;

namespace Allot.Segment1A.Tests;

/// <summary>
/// Pins the bytes S7 writes for fixed fixtures and a fixed start time, so that no optimisation of the writers can
/// change them: the cache's determinism receipt and the SHA-256 of each log with its wall-clock <c>ts_utc</c> values
/// masked (everything else in the logs, run_id included, follows from the inputs and the start time).
/// </summary>
public sealed partial class S7ReceiptPinTests
{
    private static readonly DateTime Start = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    [GeneratedRegex("\"ts_utc\":\"[^\"]*\"")]
    private static partial Regex Timestamps();

    [Theory]
    [InlineData(2500, 1, 0, "cf49b53e82b4cd0aa57b1a0745cb262379e10238c35439cc1ec9c4e65b6d15c9", "174f59a505c29ae8bdf8f15a81cbfed4d4ea754bfab642ba50d14bc6c3f07607", "49b2bee9706e8236d20e0ee3c088ea7fc9000621c521668f43aa7a79ec75b002", "aac28cd6907e989ba818168c40932053fbe08134c9d977528dae69a4f3c46316")]
    [InlineData(2500, 2, 0, "cf49b53e82b4cd0aa57b1a0745cb262379e10238c35439cc1ec9c4e65b6d15c9", "174f59a505c29ae8bdf8f15a81cbfed4d4ea754bfab642ba50d14bc6c3f07607", "49b2bee9706e8236d20e0ee3c088ea7fc9000621c521668f43aa7a79ec75b002", "aac28cd6907e989ba818168c40932053fbe08134c9d977528dae69a4f3c46316")]
    [InlineData(2500, 3, 128, "414d875afbffe74151e8308079b4bb81085726f0882961a4d966e74d9093426e", "174f59a505c29ae8bdf8f15a81cbfed4d4ea754bfab642ba50d14bc6c3f07607", "49b2bee9706e8236d20e0ee3c088ea7fc9000621c521668f43aa7a79ec75b002", "aac28cd6907e989ba818168c40932053fbe08134c9d977528dae69a4f3c46316")]
    [InlineData(40000, 2, 0, "30192badf15c503c26832cbc0d545a1a605b6c0549a00c50e06754ebf9c6eb4b", "1fc92d74aa71feb0c2bd081b19adf1faf437dce80f72792e542880d283d16ff5", "d8c3e1f3e6e1a33312293d56e5b25fa3c345d8501b0471c1da262deb435670a3", "3f5c966f06e1bc9e7f5b2e225a401747fc2410bfda1ed772d92b2bc65b041f2a")]
    [InlineData(40000, 4, 0, "30192badf15c503c26832cbc0d545a1a605b6c0549a00c50e06754ebf9c6eb4b", "1fc92d74aa71feb0c2bd081b19adf1faf437dce80f72792e542880d283d16ff5", "d8c3e1f3e6e1a33312293d56e5b25fa3c345d8501b0471c1da262deb435670a3", "3f5c966f06e1bc9e7f5b2e225a401747fc2410bfda1ed772d92b2bc65b041f2a")]
    public void FixedFixture_WritesThePinnedCacheAndLogs(int merchants, int workers, int merchantsPerShard, string cache, string gamma, string residual, string trace)
    {
        using var root = new S7TestRoot(merchants);
        var options = new S7RunOptions(root.Inputs, workers, Start);
        var result = merchantsPerShard == 0 ? S7Runner.Run(options) : S7Runner.RunSharded(options, merchantsPerShard, new LocalS7ShardExecutor(workers), execution: null);
        var actual = (result.Cache.Sha256Hex, Masked(root.EventFile(S7Names.GammaLabel, result.RunId)), Masked(root.EventFile(S7Names.ResidualLabel, result.RunId)), Masked(root.TraceFile(result.RunId)));
        Assert.True((cache, gamma, residual, trace) == actual, $"PIN {merchants} {workers} {merchantsPerShard} {actual}");
    }

    /// <summary>SHA-256 of a JSONL file with every <c>ts_utc</c> value replaced by <c>*</c>.</summary>
    internal static string Masked(string file)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var line in File.ReadLines(file))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Timestamps().Replace(line, "\"ts_utc\":\"*\"") + "\n"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
