namespace Allot.Reporting;

/// <summary>A section of an HTML report: key numbers, checks, pictures and notes about one system or run.</summary>
public sealed class ReportSection
{
    /// <summary>Creates a section with a title and a one-line summary.</summary>
    public ReportSection(string title, string summary)
    {
        Title = title;
        Summary = summary;
    }

    /// <summary>Section heading.</summary>
    public string Title { get; }

    /// <summary>One sentence under the heading.</summary>
    public string Summary { get; }

    /// <summary>Label → value pairs shown as a table, in insertion order.</summary>
    public List<KeyValuePair<string, string>> Numbers { get; } = [];

    /// <summary>Checks with their status.</summary>
    public List<ReportCheck> Checks { get; } = [];

    /// <summary>Inline SVG figures with captions.</summary>
    public List<(string Svg, string Caption)> Figures { get; } = [];

    /// <summary>Paragraphs of plain text (escaped when rendered).</summary>
    public List<string> Notes { get; } = [];

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Adds a key number (an integer is also kept as such for JSON summaries: <see cref="Count"/>).</summary>
    public ReportSection Number(string label, object value)
    {
        Numbers.Add(new(label, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
        if (value is long or int or short or sbyte or byte or ushort or uint)
        {
            _counts[label] = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            _counts.Remove(label);
        }

        return this;
    }

    /// <summary>
    /// The value of the key number <paramref name="label"/> (its last addition) when it was added as an integer; null
    /// when it was added as text (a compound or formatted value such as <c>802 / 1681</c>) or not at all.
    /// </summary>
    public long? Count(string label) => _counts.TryGetValue(label, out var n) ? n : null;

    /// <summary>Adds a check.</summary>
    public ReportSection Check(string name, bool passed, string detail)
    {
        Checks.Add(new ReportCheck(name, passed, detail));
        return this;
    }

    /// <summary>
    /// Adds a failed check named <paramref name="name"/> when <paramref name="check"/> throws an Allot error, and nothing
    /// when it passes (so a report that passes is unchanged): for the cheap checks a report makes even when it does not
    /// run the validators, such as "the set is not half-published".
    /// </summary>
    public ReportSection FailIfThrows(string name, Action check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            check();
        }
        catch (Allot.Core.Errors.AllotException ex)
        {
            Check(name, false, ex.Error.ToString());
        }

        return this;
    }

    /// <summary>Adds an inline SVG figure.</summary>
    public ReportSection Figure(string svg, string caption)
    {
        Figures.Add((svg, caption));
        return this;
    }

    /// <summary>Warnings a person must review although every check passed (e.g. retail units left unallocatable).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Adds a warning.</summary>
    public ReportSection Warn(string warning)
    {
        Warnings.Add(warning);
        return this;
    }

    /// <summary>True when every check passed.</summary>
    public bool AllPassed => Checks.All(c => c.Passed);

    /// <summary>True when the section carries warnings.</summary>
    public bool HasWarnings => Warnings.Count > 0;
}
