using System.Xml;
using System.Xml.Linq;

namespace Allot.Reporting;

/// <summary>
/// An SVG read from a file, made safe to paste into a report page: only the elements and attributes Allot's own
/// charts and heatmap draw are kept, so the figure can carry no script, event handler, link, style sheet or fetch,
/// and no markup that would leave the <c>&lt;svg&gt;</c> element. A report reads such files from a run's folder
/// (the retail heatmap), which anyone or any tool may have written into; the page must stay inert whatever they hold.
/// </summary>
public static class InertSvg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly HashSet<string> Elements = new(StringComparer.Ordinal) { "svg", "g", "title", "text", "tspan", "rect", "line" };

    private static readonly HashSet<string> Attributes = new(StringComparer.Ordinal)
    {
        "id", "class", "role", "width", "height", "viewBox", "x", "y", "x1", "y1", "x2", "y2", "dx", "dy", "fill", "stroke",
        "stroke-width", "font-family", "font-size", "font-weight", "text-anchor", "transform", "opacity",
    };

    /// <summary>
    /// The <c>&lt;svg&gt;</c> element of <paramref name="document"/> as markup for an HTML page, or null with the
    /// <paramref name="reason"/> when the file is not well-formed SVG or holds anything Allot does not draw: an element
    /// or attribute outside the list above (<c>data-*</c> attributes are allowed), or a value that refers elsewhere
    /// (<c>url(…)</c>). Comments and processing instructions are dropped; text is re-escaped.
    /// </summary>
    public static string? From(string document, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(document);
        XElement root;
        try
        {
            // No DTD: an entity could otherwise expand or read a local file.
            using var reader = XmlReader.Create(new StringReader(document), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            root = XDocument.Load(reader).Root!;
        }
        catch (XmlException e)
        {
            reason = $"not well-formed SVG ({e.Message})";
            return null;
        }

        reason = Refuse(root);
        if (reason is not null)
        {
            return null;
        }

        foreach (var node in root.DescendantNodesAndSelf().Where(n => n is XComment or XProcessingInstruction).ToList())
        {
            node.Remove();
        }

        foreach (var data in root.DescendantNodes().OfType<XCData>().ToList())
        {
            data.ReplaceWith(new XText(data.Value));
        }

        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static string? Refuse(XElement root)
    {
        if (root.Name != Svg + "svg")
        {
            return $"the root element is <{root.Name.LocalName}>, not an SVG <svg>";
        }

        foreach (var e in root.DescendantsAndSelf())
        {
            if (e.Name.Namespace != Svg || !Elements.Contains(e.Name.LocalName))
            {
                return $"element <{e.Name.LocalName}> is not one Allot draws";
            }

            foreach (var a in e.Attributes())
            {
                var allowed = a.IsNamespaceDeclaration
                    ? a.Value == Svg.NamespaceName
                    : a.Name.Namespace == XNamespace.None && (Attributes.Contains(a.Name.LocalName) || a.Name.LocalName.StartsWith("data-", StringComparison.Ordinal));
                if (!allowed)
                {
                    return $"attribute {a.Name.LocalName} on <{e.Name.LocalName}> is not one Allot draws";
                }

                if (a.Value.Contains("url(", StringComparison.OrdinalIgnoreCase))
                {
                    return $"attribute {a.Name.LocalName} on <{e.Name.LocalName}> refers elsewhere (url(…))";
                }
            }
        }

        return null;
    }
}
