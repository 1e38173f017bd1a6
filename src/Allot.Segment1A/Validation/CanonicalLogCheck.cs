using Allot.Core.Random;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Validation;

/// <summary>
/// The validator's fast path over the event and trace logs. A planning thread cuts the work into batches of
/// <see cref="DefaultMerchantsPerBatch"/> merchants and counts the lines each batch must have in each log (one gamma
/// event per merchant with several countries, one residual event per country, one trace row per event); a thread per
/// log reads those lines into the batch's pooled buffer with large sequential reads (<see cref="LogFeed"/>). Workers replay a batch's merchants with the run's own code
/// (<see cref="S7Chunk"/>), re-render every expected line with the run's own formatter
/// (<see cref="S7EventFormatter"/>) and compare bytes; <c>ts_utc</c>, which the validator cannot predict, is
/// checked against its pattern. A line equal to the canonical rendering passes every check the full parse makes
/// (the replay's own values are checked for the properties the parse checks: weights summing to 1, quantised
/// residuals, contiguous ranks, blocks equal to the counter distance), so a batch that matches needs no parse.
/// The first batch that does not match (another producer's formatting, tampering, a short file, a replay error)
/// stops the fast path; <see cref="S7Validator"/> validates from that batch's first merchant on with the full
/// parse, so every verdict and message is the one the full parse gives. Batches complete out of order and are
/// committed in order; memory is bounded by the batch pool.
/// </summary>
internal sealed class CanonicalLogCheck : IDisposable
{
    /// <summary>Merchants per batch (tests use smaller batches to fall back in the middle of a log).</summary>
    public const int DefaultMerchantsPerBatch = 2048;

    // A placeholder of the right length: the bytes at the timestamp's place are checked by pattern, not compared.
    private static readonly byte[] Placeholder = "\"0000-00-00T00:00:00.000000Z\""u8.ToArray();

    private readonly S7Inputs _inputs;
    private readonly MasterMaterial _master;
    private readonly S7EventContext _ctx;
    private readonly string[] _files;
    private readonly int _batches;
    private readonly int _merchantsPerBatch;
    private readonly object _gate = new();
    private readonly Queue<Batch> _free = new();
    private readonly Queue<Batch> _work = new();
    private readonly Dictionary<int, Batch> _done = [];
    private readonly Thread _reader;
    private readonly Thread[] _feedThreads = new Thread[3];
    private readonly System.Collections.Concurrent.BlockingCollection<Batch?>[] _feedQueues = [new(), new(), new()];
    private readonly CancellationTokenSource _cancel = new();
    private readonly bool[] _feedClean = new bool[3];
    private readonly Thread[] _workers;
    private readonly int _pool;
    private int _created;
    private int _published = -1;
    private S7TraceTotals _gammaEnd;
    private bool _readerFinished;
    private bool _stopped;
    private bool _totalsBroken;

    public CanonicalLogCheck(S7Inputs inputs, MasterMaterial master, string runId, string gammaFile, string residualFile, string traceFile, int workers, int merchantsPerBatch = DefaultMerchantsPerBatch)
    {
        _merchantsPerBatch = merchantsPerBatch;
        _inputs = inputs;
        _master = master;
        _ctx = new S7EventContext(inputs.Lineage, runId);
        _files = [gammaFile, residualFile, traceFile];
        _batches = (inputs.Countries.MerchantCount + merchantsPerBatch - 1) / merchantsPerBatch;
        workers = Math.Max(1, workers);
        _pool = workers + 3;
        _reader = new Thread(Read) { IsBackground = true, Name = "validate-s7 reader" };
        _workers = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = "validate-s7 worker" };
        }

        _reader.Start();
        foreach (var w in _workers)
        {
            w.Start();
        }
    }

    /// <summary>Where each log stands after the committed batches (or at the start).</summary>
    public LogPosition[] Positions { get; } = new LogPosition[3];

    /// <summary>Null until the reader has finished past the last batch; then whether every log ended exactly there.</summary>
    public bool? EndsClean { get; private set; }

    /// <summary>
    /// The next batch in merchant order, once it has been checked; null when the fast path is over (every batch
    /// committed, or the next batch did not match: then validate from <see cref="Positions"/> with the full parse).
    /// </summary>
    public Batch? Next(int index)
    {
        if (index >= _batches)
        {
            lock (_gate)
            {
                while (!_readerFinished && !_stopped)
                {
                    Monitor.Wait(_gate);
                }
            }

            return null;
        }

        Batch? batch;
        lock (_gate)
        {
            while (!_done.TryGetValue(index, out batch) && !_stopped)
            {
                Monitor.Wait(_gate);
            }

            if (batch is null)
            {
                return null;
            }

            _done.Remove(index);
        }

        if (!batch.Matches)
        {
            Stop();
            return null;
        }

        return batch;
    }

    /// <summary>Commits <paramref name="batch"/> (its logs' end becomes <see cref="Positions"/>) and returns it to the pool.</summary>
    public void Commit(Batch batch)
    {
        for (var f = 0; f < 3; f++)
        {
            Positions[f] = batch.Slices[f].EndPosition;
        }

        lock (_gate)
        {
            _free.Enqueue(batch);
            Monitor.PulseAll(_gate);
        }
    }

    public void Dispose()
    {
        Stop();
        _reader.Join();
        foreach (var w in _workers)
        {
            w.Join();
        }

        foreach (var q in _feedQueues)
        {
            q.Dispose();
        }

        _cancel.Dispose();
    }

    private void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }

        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private Batch? Rent()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_stopped)
                {
                    return null;
                }

                if (_free.TryDequeue(out var batch))
                {
                    return batch;
                }

                if (_created < _pool)
                {
                    _created++;
                    return new Batch();
                }

                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>Plans the batches in order and hands each to the three feed threads (one per log).</summary>
    private void Read()
    {
        var feeds = new LogFeed?[3];
        try
        {
            for (var f = 0; f < 3; f++)
            {
                feeds[f] = new LogFeed(_files[f]);
                var feed = feeds[f]!;
                var queue = _feedQueues[f];
                var index = f;
                _feedThreads[f] = new Thread(() => Feed(feed, queue, index)) { IsBackground = true, Name = "validate-s7 feed" };
                _feedThreads[f].Start();
            }

            var countries = _inputs.Countries;
            for (var b = 0; b < _batches; b++)
            {
                var batch = Rent();
                if (batch is null)
                {
                    return;
                }

                var first = b * _merchantsPerBatch;
                var end = Math.Min(countries.MerchantCount, first + _merchantsPerBatch);
                var gammaLines = 0;
                for (var k = first; k < end; k++)
                {
                    gammaLines += countries.CountryCount(k) > 1 ? 1 : 0;
                }

                var rows = countries.Offsets[end] - countries.Offsets[first];
                batch.Reset(b, first, end - first, [gammaLines, rows, gammaLines + rows]);
                foreach (var q in _feedQueues)
                {
                    q.Add(batch, _cancel.Token);
                }
            }

            foreach (var q in _feedQueues)
            {
                q.Add(null, _cancel.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception)
        {
            // The full parse reads the same bytes and reports what is wrong with them, where it is.
            Stop();
        }
        finally
        {
            foreach (var t in _feedThreads)
            {
                t?.Join();
            }

            foreach (var feed in feeds)
            {
                feed?.Dispose();
            }

            lock (_gate)
            {
                if (!_stopped)
                {
                    EndsClean = _feedClean.All(c => c);
                }

                _readerFinished = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Fills one log's slice of every batch, in order; a batch goes to the workers once its three slices are read.</summary>
    private void Feed(LogFeed feed, System.Collections.Concurrent.BlockingCollection<Batch?> queue, int f)
    {
        var broken = false;
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(_cancel.Token))
            {
                if (batch is null)
                {
                    _feedClean[f] = !broken && feed.AtEnd();
                    return;
                }

                bool filled;
                try
                {
                    filled = !broken && feed.Fill(batch.Slices[f], batch.Lines[f]);
                }
                catch (Exception)
                {
                    filled = false; // the full parse meets the same failure in its place
                }

                broken |= !filled;
                lock (_gate)
                {
                    batch.Short |= !filled;
                    if (--batch.Pending == 0)
                    {
                        _work.Enqueue(batch);
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception)
        {
            Stop();
        }
    }

    private void Work()
    {
        var builder = new JsonLineBuilder(1 << 14);
        while (true)
        {
            Batch? batch;
            lock (_gate)
            {
                while (!_work.TryDequeue(out batch))
                {
                    if (_stopped || (_readerFinished && _work.Count == 0))
                    {
                        return;
                    }

                    Monitor.Wait(_gate);
                }
            }

            try
            {
                batch.Matches = !batch.Short && Check(batch, builder);
            }
            catch (Exception)
            {
                // Whatever went wrong, the full parse from this batch on gives the verdict.
                batch.Matches = false;
            }

            lock (_gate)
            {
                if (_published < batch.Index)
                {
                    // Totals were never chained past a failed batch: later batches cannot match.
                    _totalsBroken = true;
                    _published = batch.Index;
                }

                _done[batch.Index] = batch;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private bool Check(Batch batch, JsonLineBuilder builder)
    {
        var chunk = batch.Replay;
        var inputs = _inputs;
        var countries = inputs.Countries;
        try
        {
            chunk.Compute(inputs, _master, batch.First, batch.Count, 1);
        }
        catch (Core.Errors.AllotException)
        {
            return false; // a merchant the replay rejects: the full parse raises it in its place
        }

        // The replay's totals for the batch, chained after the previous batch's (its trace rows carry the running sums).
        var sum = default(S7TraceTotals);
        for (var j = 0; j < batch.Count; j++)
        {
            if (countries.CountryCount(batch.First + j) > 1)
            {
                var d = chunk.Draws[j];
                sum = new S7TraceTotals(sum.Draws + d.Draws, sum.Blocks + d.Blocks, sum.Events + 1);
            }
        }

        S7TraceTotals gamma;
        lock (_gate)
        {
            while (_published < batch.Index - 1 && !_stopped)
            {
                Monitor.Wait(_gate);
            }

            if (_stopped || _totalsBroken || _published != batch.Index - 1)
            {
                return false;
            }

            gamma = _gammaEnd;
            _gammaEnd = new S7TraceTotals(gamma.Draws + sum.Draws, gamma.Blocks + sum.Blocks, gamma.Events + sum.Events);
            _published = batch.Index;
            Monitor.PulseAll(_gate);
        }

        var residual = new S7TraceTotals(0, 0, (ulong)countries.Offsets[batch.First]);
        var gammaPos = 0;
        var residualPos = 0;
        var tracePos = 0;
        var gammaBytes = batch.Slices[0].Span;
        var residualBytes = batch.Slices[1].Span;
        var traceBytes = batch.Slices[2].Span;
        var ts = Placeholder;
        for (var j = 0; j < batch.Count; j++)
        {
            var k = batch.First + j;
            var id = countries.MerchantIds[k];
            var start = countries.Offsets[k];
            var m = countries.CountryCount(k);
            var local = start - chunk.FirstRow;
            var draw = chunk.Draws[j];
            var isos = countries.Countries(k);
            if (!ReplayPassesValueChecks(chunk, local, m, draw))
            {
                return false;
            }

            if (m > 1)
            {
                builder.Clear();
                S7EventFormatter.GammaVector(builder, _ctx, ts, id, draw, isos, inputs.Alpha.Of(k), chunk.Gamma.AsSpan(local, m), chunk.Weights.AsSpan(local, m));
                if (!Matches(builder.Written, gammaBytes, ref gammaPos))
                {
                    return false;
                }

                gamma = new S7TraceTotals(gamma.Draws + draw.Draws, gamma.Blocks + draw.Blocks, gamma.Events + 1);
                builder.Clear();
                S7EventFormatter.Trace(builder, ts, _ctx.GammaTrace, draw.GammaBefore, draw.GammaAfter, gamma);
                if (!Matches(builder.Written, traceBytes, ref tracePos))
                {
                    return false;
                }
            }

            for (var i = 0; i < m; i++)
            {
                builder.Clear();
                S7EventFormatter.ResidualRank(builder, _ctx, ts, id, draw.ResidualCounter, isos[i], chunk.Quantised[local + i] / ResidualIntegeriser.QuantisationScale, chunk.Ranks[local + i]);
                if (!Matches(builder.Written, residualBytes, ref residualPos))
                {
                    return false;
                }

                residual = residual with { Events = residual.Events + 1 };
                builder.Clear();
                S7EventFormatter.Trace(builder, ts, _ctx.ResidualTrace, draw.ResidualCounter, draw.ResidualCounter, residual);
                if (!Matches(builder.Written, traceBytes, ref tracePos))
                {
                    return false;
                }
            }
        }

        batch.GammaEnd = gamma;
        return gammaPos == gammaBytes.Length && residualPos == residualBytes.Length && tracePos == traceBytes.Length;
    }

    /// <summary>
    /// The checks the full parse makes on values it reads from a line, made on the replay's values the canonical
    /// line carries (the parse reads them back bit for bit: doubles are written in round-trip form).
    /// </summary>
    private static bool ReplayPassesValueChecks(S7Chunk chunk, int local, int m, in Dirichlet.MerchantDraw draw)
    {
        if (m > 1)
        {
            if ((ulong)Counter128.BlocksBetween(draw.GammaBefore, draw.GammaAfter) != draw.Blocks)
            {
                return false;
            }

            var weightSum = 0.0;
            for (var i = 0; i < m; i++)
            {
                weightSum += chunk.Weights[local + i];
            }

            if (!(Math.Abs(weightSum - 1.0) <= 1e-6))
            {
                return false;
            }
        }

        Span<bool> seen = m <= 256 ? stackalloc bool[m + 1] : new bool[m + 1];
        for (var i = 0; i < m; i++)
        {
            var rank = chunk.Ranks[local + i];
            if (rank < 1 || rank > m || seen[rank] || !CacheChecks.IsQuantised(chunk.Quantised[local + i] / ResidualIntegeriser.QuantisationScale))
            {
                return false;
            }

            seen[rank] = true;
        }

        return true;
    }

    /// <summary>
    /// True when the line at <paramref name="position"/> of <paramref name="actual"/> is <paramref name="expected"/>
    /// but for an RFC 3339 timestamp in place of the placeholder; moves past it.
    /// </summary>
    private static bool Matches(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, ref int position)
    {
        const int tsStart = 11; // {"ts_utc":" then 27 characters, then the closing quote
        const int tsLength = 27;
        var n = expected.Length;
        if (actual.Length - position < n)
        {
            return false;
        }

        var line = actual.Slice(position, n);
        if (!line[..tsStart].SequenceEqual(expected[..tsStart]) || !EventFields.IsRfc3339Micros(line.Slice(tsStart, tsLength))
            || !line[(tsStart + tsLength)..].SequenceEqual(expected[(tsStart + tsLength)..]))
        {
            return false;
        }

        position += n;
        return true;
    }

    /// <summary>Where a log stands: the byte offset of the next line and the number of lines before it.</summary>
    internal readonly record struct LogPosition(long Offset, long Line);

    /// <summary>One batch: the bytes of its lines in each log and its replay.</summary>
    internal sealed class Batch
    {
        public int Index { get; private set; }

        public int First { get; private set; }

        public int Count { get; private set; }

        public bool Short { get; set; }

        public bool Matches { get; set; }

        public S7TraceTotals GammaEnd { get; set; }

        public Slice[] Slices { get; } = [new(), new(), new()];

        public S7Chunk Replay { get; } = new(1 << 14);

        public int[] Lines { get; private set; } = [];

        public int Pending { get; set; }

        public void Reset(int index, int first, int count, int[] lines)
        {
            Index = index;
            First = first;
            Count = count;
            Lines = lines;
            Pending = 3;
            Short = false;
            Matches = false;
        }
    }

    /// <summary>The bytes of a batch's lines in one log: <see cref="Span"/>, inside a pinned buffer read into at aligned addresses.</summary>
    internal sealed class Slice
    {
        public byte[] Buffer { get; private set; } = [];

        /// <summary>The first aligned index of <see cref="Buffer"/>.</summary>
        public int Base { get; private set; }

        public int Start { get; set; }

        public int Length { get; set; }

        public LogPosition StartPosition { get; set; }

        public LogPosition EndPosition { get; set; }

        public ReadOnlySpan<byte> Span => Buffer.AsSpan(Start, Length);

        /// <summary>Room for <paramref name="capacity"/> bytes from <see cref="Base"/>, keeping <paramref name="keepLength"/> bytes from <c>Base + keepFrom</c> in place.</summary>
        public void Ensure(int capacity, int keepFrom, int keepLength)
        {
            if (Buffer.Length - Base >= capacity)
            {
                return;
            }

            var (buffer, at) = LogFeed.Allocate(capacity + (2 * LogFeed.ReadBytes)); // batches are alike: the next ones fit
            Buffer.AsSpan(Base + keepFrom, keepLength).CopyTo(buffer.AsSpan(at + keepFrom));
            Buffer = buffer;
            Base = at;
        }
    }
}
