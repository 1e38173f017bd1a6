using System.Diagnostics;
using System.Globalization;

namespace Allot.Cli.Progress;

/// <summary>
/// Progress of multi-step work on a terminal: a line when a step starts and one when it ends, with its count
/// and rate. Silent when disabled (<c>--quiet</c>, <c>--json</c>, or standard error redirected to a file).
/// </summary>
public sealed class StepProgress
{
    private readonly TextWriter? _out;
    private readonly int _steps;
    private int _current;

    /// <summary>Creates a reporter writing to <paramref name="writer"/>, or a silent one when it is null.</summary>
    public StepProgress(TextWriter? writer, int steps)
    {
        _out = writer;
        _steps = steps;
    }

    /// <summary>A reporter on stderr unless <paramref name="quiet"/> or stderr is redirected.</summary>
    public static StepProgress ForConsole(bool quiet, int steps) =>
        new(quiet || Console.IsErrorRedirected ? null : Console.Error, steps);

    /// <summary>Runs one step: prints its start, runs it, prints its duration, count and rate.</summary>
    /// <typeparam name="T">What the step returns.</typeparam>
    /// <param name="name">Step name, e.g. "segment1b: S0 + S4".</param>
    /// <param name="body">The work.</param>
    /// <param name="count">Extracts a count and its unit from the result for the rate, or null.</param>
    public T Step<T>(string name, Func<T> body, Func<T, (long Count, string Unit)>? count = null)
    {
        _current++;
        _out?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_current}/{_steps}] {name} …"));
        var sw = Stopwatch.StartNew();
        var result = body();
        sw.Stop();
        if (_out is not null)
        {
            var seconds = Math.Max(sw.Elapsed.TotalSeconds, 1e-6);
            var tail = string.Empty;
            if (count is not null)
            {
                var (n, unit) = count(result);
                tail = string.Create(CultureInfo.InvariantCulture, $", {n:N0} {unit} ({n / seconds:N0} {unit}/s)");
            }

            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      done in {seconds:0.00} s{tail}"));
        }

        return result;
    }
}
