using System.Net;
using System.Text;

namespace Allot.Reporting;

/// <summary>Text from inputs made safe for markup that is also XML (an SVG file, the pictures of a page).</summary>
public static class MarkupText
{
    /// <summary>
    /// <paramref name="text"/> HTML-escaped (<c>&lt; &gt; &amp; " '</c>), with every character XML 1.0 cannot hold (C0
    /// controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF) drawn as U+FFFD: a store or cluster name with a
    /// form feed pasted from a spreadsheet made the heatmap a file no XML parser or browser would open.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var encoded = WebUtility.HtmlEncode(text);
        var bad = -1;
        for (var i = 0; i < encoded.Length && bad < 0; i++)
        {
            bad = NotXml(encoded, i) ? i : -1;
        }

        if (bad < 0)
        {
            return encoded;
        }

        var sb = new StringBuilder(encoded.Length).Append(encoded, 0, bad);
        for (var i = bad; i < encoded.Length; i++)
        {
            if (char.IsHighSurrogate(encoded[i]) && i + 1 < encoded.Length && char.IsLowSurrogate(encoded[i + 1]))
            {
                sb.Append(encoded, i, 2);
                i++;
            }
            else
            {
                sb.Append(NotXml(encoded, i) ? '\uFFFD' : encoded[i]);
            }
        }

        return sb.ToString();
    }

    private static bool NotXml(string s, int i)
    {
        var c = s[i];
        if (c < ' ')
        {
            return c is not ('\t' or '\n' or '\r');
        }

        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]);
        }

        return (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1]))) || c is '\uFFFE' or '\uFFFF';
    }
}
