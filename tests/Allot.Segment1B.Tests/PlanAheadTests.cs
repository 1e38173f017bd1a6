using System.Collections.Concurrent;
using Allot.Core.Errors;
using Allot.Data.Publishing;
using Allot.Segment1B.Allocation;
using Allot.Segment1B.Fixtures;

namespace Allot.Segment1B.Tests;

/// <summary>
/// A run whose shards are computed where the plan was already cut (a cluster's silos, issue #14): the gate, then the
/// plan taken ahead, then this process's own read beside the shards, checked against the plan — and the bytes of a
/// run that read first. The executor here plays the silos in-process.
/// </summary>
public sealed class PlanAheadTests
{
    private static readonly FixtureOptions Shape = new(Merchants: 1500, Countries: 12, TilesPerCountry: 300, Seed: 5);
    private const int PairsPerShard = 700;

    [Fact]
    public void APlanTakenAhead_GivesTheBytesOfARunThatReadFirst_AndTheOwnReadStartsAfterIt()
    {
        var (a, b) = (NewRoot(), NewRoot());
        try
        {
            var la = new Segment1BLayout(a, FixtureGenerator.Generate(a, Shape));
            var lb = new Segment1BLayout(b, FixtureGenerator.Generate(b, Shape));
            var local = new LocalS4ShardExecutor(1);
            var expected = S4Runner.RunSharded(la, 1, skipS0: false, rowGroupRows: 1000, PairsPerShard, local, () => local.WorkersUsed, execution: null);

            var ahead = new SiloLikeExecutor(lb, cut: plan => plan);
            var result = S4Runner.RunSharded(lb, 1, skipS0: false, rowGroupRows: 1000, PairsPerShard, ahead, () => 1, execution: null, load: ahead.OwnRead);

            Assert.Equal(expected.Report.DeterminismReceipt, result.Report.DeterminismReceipt);
            var files = DeterminismReceipt.OrderedFiles(la.AllocPlan);
            Assert.True(files.Count > 1, "expected several shards");
            Assert.Equal(files, DeterminismReceipt.OrderedFiles(lb.AllocPlan));
            foreach (var f in files)
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(la.AllocPlan, f)), File.ReadAllBytes(Path.Combine(lb.AllocPlan, f)));
            }

            var events = ahead.Events.ToList();
            Assert.True(events.IndexOf("plan") < events.IndexOf("own read"), string.Join(", ", events));
            Assert.Equal("confirm: same", events[^1]);
            Assert.Contains("run without inputs", events);
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }

    [Fact]
    public void APlanThatDiffersFromTheOwnCut_FailsTheRun_AndPublishesNothing()
    {
        var root = NewRoot();
        try
        {
            var layout = new Segment1BLayout(root, FixtureGenerator.Generate(root, Shape));
            // The "silos" cut the first two shards as one (still at a merchant boundary, so they can be computed).
            var ahead = new SiloLikeExecutor(layout, cut: plan => S4Shards.FromSizes([plan[0].PairCount + plan[1].PairCount, .. plan.Skip(2).Select(s => s.PairCount)]));
            var ex = Assert.Throws<AllotException>(() => S4Runner.RunSharded(layout, 1, skipS0: false, rowGroupRows: 1000, PairsPerShard, ahead, () => 1, execution: null, load: ahead.OwnRead));
            Assert.Equal(S4Codes.Determinism, ex.Error.Code);
            Assert.Equal("confirm: differs", ahead.Events.Last());
            Assert.False(Directory.Exists(layout.AllocPlan), "nothing is published");
            Assert.False(File.Exists(layout.RunReport));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnErrorOfTheOwnRead_IsTheRunsError_WhetherOrNotAShardFailed_AndNothingIsPublished(bool shardFails)
    {
        var root = NewRoot();
        try
        {
            var layout = new Segment1BLayout(root, FixtureGenerator.Generate(root, Shape));
            var ahead = new SiloLikeExecutor(layout, cut: plan => plan) { ShardFails = shardFails };
            var ex = Assert.Throws<AllotException>(() => S4Runner.RunSharded(layout, 1, skipS0: false, rowGroupRows: 1000, PairsPerShard, ahead, () => 1, execution: null, load: (_, _) =>
            {
                Thread.Sleep(200); // still reading when a failing shard comes back
                throw new AllotException(new AllotError(S4Codes.SchemaInvalid, ErrorCatalogue.ClassOf(S4Codes.SchemaInvalid), "the coordinator's read failed"));
            }));
            Assert.Equal((S4Codes.SchemaInvalid, "the coordinator's read failed"), (ex.Error.Code, ex.Error.Message));
            Assert.False(Directory.Exists(layout.AllocPlan), "nothing is published");
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void NoPlanAhead_ReadsFirstAndCutsHere()
    {
        var root = NewRoot();
        try
        {
            var layout = new Segment1BLayout(root, FixtureGenerator.Generate(root, Shape));
            var ahead = new SiloLikeExecutor(layout, cut: _ => null);
            S4Runner.RunSharded(layout, 1, skipS0: false, rowGroupRows: 1000, PairsPerShard, ahead, () => 1, execution: null, load: ahead.OwnRead);
            Assert.Equal(["plan", "own read", "run with inputs"], ahead.Events);
            Assert.Equal("ok", Validation.S4Validator.Validate(layout).Status);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    private static string NewRoot()
    {
        var d = Path.Combine(Path.GetTempPath(), "allot-ahead-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Plays the silos: loads everything itself, cuts the plan (then <paramref name="cut"/> alters it), computes the shards locally.</summary>
    private sealed class SiloLikeExecutor(Segment1BLayout layout, Func<IReadOnlyList<S4Shard>, IReadOnlyList<S4Shard>?> cut) : IS4ShardExecutor
    {
        private readonly S4Inputs _silo = S4InputLoader.Load(layout, 1);

        public ConcurrentQueue<string> Events { get; } = new();

        public bool ShardFails { get; init; }

        public bool PlansAhead => true;

        public S4Inputs OwnRead(Segment1BLayout l, int workers)
        {
            Events.Enqueue("own read");
            return S4InputLoader.LoadRequirements(l);
        }

        public IReadOnlyList<S4Shard>? PlanAhead(int pairsPerShard)
        {
            Events.Enqueue("plan");
            return cut(S4Shards.Plan(_silo.Pairs, pairsPerShard));
        }

        public void ConfirmPlan(IReadOnlyList<S4Shard> ahead, IReadOnlyList<S4Shard> own)
        {
            var same = ahead.SequenceEqual(own);
            Events.Enqueue(same ? "confirm: same" : "confirm: differs");
            if (!same)
            {
                throw new AllotException(new AllotError(S4Codes.Determinism, ErrorCatalogue.ClassOf(S4Codes.Determinism), "plans differ"));
            }
        }

        public IReadOnlyList<S4ShardResult> Run(S4Inputs? inputs, IReadOnlyList<S4Shard> shards, string staging, int rowGroupRows)
        {
            Events.Enqueue(inputs is null ? "run without inputs" : "run with inputs");
            if (ShardFails)
            {
                throw new AllotException(new AllotError(S4Codes.CoverageMissing, ErrorCatalogue.ClassOf(S4Codes.CoverageMissing), "a shard failed"));
            }

            return new LocalS4ShardExecutor(1).Run(_silo, shards, staging, rowGroupRows);
        }
    }
}
