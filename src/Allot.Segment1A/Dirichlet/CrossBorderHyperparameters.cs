using System.Globalization;
using System.Security.Cryptography;
using Allot.Segment1A.Integerisation;
using YamlDotNet.RepresentationModel;

namespace Allot.Segment1A.Dirichlet;

/// <summary>
/// The cross-border hyperparameters S7 needs: Dirichlet α vectors keyed by (home_country, mcc, channel, m),
/// (home_country, channel, m) or (home_country, m), and the symmetric concentration τ (default 2.0). The YAML:
/// <code>
/// dirichlet_alpha:
///   tau: 2.0
///   vectors:
///     - { home: GB, mcc: 5411, channel: card_present, m: 3, alpha: [1.5, 0.8, 0.7] }
///     - { home: GB, channel: card_present, m: 2, alpha: [2.0, 1.0] }
///     - { home: GB, m: 2, alpha: [3.0, 1.0] }
/// </code>
/// Every vector is checked when loaded: length ≠ m is <c>E_DIRICHLET_SHAPE</c>, any α_i ≤ 0 (or τ ≤ 0) is
/// <c>E_DIRICHLET_NONPOS</c>, anything else malformed is <c>E_SCHEMA_INVALID</c>.
/// </summary>
public sealed class CrossBorderHyperparameters
{
    /// <summary>τ when the file does not set one.</summary>
    public const double DefaultTau = 2.0;

    private readonly Dictionary<(ushort Home, int Mcc, string Channel, int M), double[]> _byMccChannel = [];
    private readonly Dictionary<(ushort Home, string Channel, int M), double[]> _byChannel = [];
    private readonly Dictionary<(ushort Home, int M), double[]> _byHome = [];

    private CrossBorderHyperparameters(string source, string sha256Hex)
    {
        Source = source;
        Sha256Hex = sha256Hex;
    }

    /// <summary>Where the file came from.</summary>
    public string Source { get; }

    /// <summary>SHA-256 of the file's bytes (recorded in the run report).</summary>
    public string Sha256Hex { get; }

    /// <summary>The symmetric concentration τ.</summary>
    public double Tau { get; private set; } = DefaultTau;

    private readonly Dictionary<int, double[]> _symmetric = [];

    /// <summary>Number of declared vectors.</summary>
    public int VectorCount => _byMccChannel.Count + _byChannel.Count + _byHome.Count;

    /// <summary>Loads a hyperparameters file.</summary>
    public static CrossBorderHyperparameters Load(string path)
    {
        if (!File.Exists(path))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, "cross-border hyperparameters file not found.", path);
        }

        var bytes = File.ReadAllBytes(path);
        return Parse(System.Text.Encoding.UTF8.GetString(bytes), path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>Parses hyperparameters YAML.</summary>
    public static CrossBorderHyperparameters Parse(string yaml, string source, string? sha256Hex = null)
    {
        var result = new CrossBorderHyperparameters(source, sha256Hex ?? Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(yaml))));
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            // The parser's mark is where it stopped (for a repeated key, the second one): the line to look at.
            throw S7Errors.Fail(S7Errors.SchemaInvalid, $"not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", source, ex.Start.Line);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || Child(root, "dirichlet_alpha") is not YamlMappingNode section)
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, "expected a top-level 'dirichlet_alpha' mapping.", source);
        }

        // A misspelt or misplaced key ('tua', 'mc', 'chanel', vectors as a mapping) would otherwise be skipped and
        // quietly move merchants to another rung of the ladder: every key of the section and of a vector is known.
        RequireKnownKeys(section, ["tau", "vectors"], source, "dirichlet_alpha");
        if (Child(section, "tau") is { } tauChild)
        {
            var tauNode = tauChild as YamlScalarNode ?? throw S7Errors.Fail(S7Errors.SchemaInvalid, "tau must be a number.", source, key: "tau");
            result.Tau = Number(tauNode, source, "tau");
            if (!(result.Tau > 0) || double.IsInfinity(result.Tau))
            {
                throw S7Errors.Fail(S7Errors.DirichletNonPositive, $"tau {result.Tau} must be a finite number > 0.", source, key: "tau");
            }
        }

        if (Child(section, "vectors") is { } vectorsChild)
        {
            var vectors = vectorsChild as YamlSequenceNode ?? throw S7Errors.Fail(S7Errors.SchemaInvalid, "vectors must be a list of mappings.", source, key: "dirichlet_alpha.vectors");
            var index = 0;
            foreach (var node in vectors.Children)
            {
                result.AddVector(node, source, index++);
            }
        }

        return result;
    }

    /// <summary>
    /// The α vector for a merchant with m = <paramref name="alpha"/>.Length ≥ 2 countries, following the declared ladder; the
    /// symmetric rung writes τ/m into <paramref name="alpha"/>.
    /// </summary>
    public AlphaRung Resolve(ushort home, int mcc, string channel, Span<double> alpha)
    {
        var rung = Resolve(home, mcc, channel, alpha.Length, out var vector);
        vector.CopyTo(alpha);
        return rung;
    }

    /// <summary>
    /// The α vector for a merchant with <paramref name="m"/> ≥ 2 countries, following the declared ladder, as the
    /// shared (read-only) vector itself: the symmetric rung's τ/m vector is made once per m.
    /// </summary>
    internal AlphaRung Resolve(ushort home, int mcc, string channel, int m, out double[] vector)
    {
        if (_byMccChannel.TryGetValue((home, mcc, channel, m), out var v))
        {
            vector = v;
            return AlphaRung.HomeMccChannel;
        }

        if (_byChannel.TryGetValue((home, channel, m), out v))
        {
            vector = v;
            return AlphaRung.HomeChannel;
        }

        if (_byHome.TryGetValue((home, m), out v))
        {
            vector = v;
            return AlphaRung.Home;
        }

        lock (_symmetric)
        {
            if (!_symmetric.TryGetValue(m, out vector!))
            {
                vector = new double[m];
                vector.AsSpan().Fill(Tau / m);
                _symmetric.Add(m, vector);
            }
        }

        return AlphaRung.Symmetric;
    }

    private void AddVector(YamlNode node, string source, int index)
    {
        var key = $"dirichlet_alpha.vectors[{index}]";
        if (node is not YamlMappingNode map)
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, "every vector must be a mapping.", source, key: key);
        }

        RequireKnownKeys(map, ["home", "mcc", "channel", "m", "alpha"], source, key);
        var homeText = (Child(map, "home") as YamlScalarNode)?.Value;
        if (!IsoCode.IsValid(homeText))
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, $"home '{homeText}' is not an ISO-2 code.", source, key: key);
        }

        var home = IsoCode.Pack(homeText!);
        var mValue = Child(map, "m") is YamlScalarNode mNode ? Number(mNode, source, key + ".m") : -1;
        var m = mValue is >= 2 and <= 100_000 && mValue == Math.Floor(mValue) ? (int)mValue : -1;
        if (m < 0)
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, "m must be an integer ≥ 2.", source, key: key);
        }

        if (Child(map, "alpha") is not YamlSequenceNode alphaNode)
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, "alpha must be a list of numbers.", source, key: key);
        }

        var alpha = alphaNode.Children.Select((a, i) => Number(a as YamlScalarNode ?? new YamlScalarNode("x"), source, $"{key}.alpha[{i}]")).ToArray();
        if (alpha.Length != m)
        {
            throw S7Errors.Fail(S7Errors.DirichletShape, $"alpha has {alpha.Length} components but m = {m}.", source, key: key);
        }

        for (var i = 0; i < alpha.Length; i++)
        {
            if (!(alpha[i] > 0) || double.IsInfinity(alpha[i]))
            {
                throw S7Errors.Fail(S7Errors.DirichletNonPositive, $"alpha[{i}] = {alpha[i]} must be a finite number > 0.", source, key: key);
            }
        }

        var channel = (Child(map, "channel") as YamlScalarNode)?.Value;
        var mccNode = Child(map, "mcc") as YamlScalarNode;
        bool added;
        if (mccNode is not null)
        {
            if (channel is null)
            {
                throw S7Errors.Fail(S7Errors.SchemaInvalid, "a vector keyed by mcc must also name its channel.", source, key: key);
            }

            // The merchant attributes' rule: a whole number in 0..9999 (a cast would truncate 5411.7 to 5411).
            var mcc = Number(mccNode, source, key + ".mcc");
            if (mcc is not (>= 0 and <= 9999) || mcc != Math.Floor(mcc))
            {
                throw S7Errors.Fail(S7Errors.SchemaInvalid, $"mcc {mccNode.Value} is not a 4-digit merchant category code.", source, key: key);
            }

            added = _byMccChannel.TryAdd((home, (int)mcc, channel, m), alpha);
        }
        else
        {
            added = channel is null ? _byHome.TryAdd((home, m), alpha) : _byChannel.TryAdd((home, channel, m), alpha);
        }

        if (!added)
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, "the same key is declared twice.", source, key: key);
        }
    }

    private static void RequireKnownKeys(YamlMappingNode map, string[] known, string source, string key)
    {
        foreach (var child in map.Children.Keys)
        {
            if (child is not YamlScalarNode { Value: { } name } || !known.Contains(name, StringComparer.Ordinal))
            {
                throw S7Errors.Fail(S7Errors.SchemaInvalid, $"unknown key '{child}' (expected {string.Join(", ", known)}).", source, key: key);
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var v) ? v : null;

    private static double Number(YamlScalarNode node, string source, string key) =>
        double.TryParse(node.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsNaN(value)
            ? value
            : throw S7Errors.Fail(S7Errors.SchemaInvalid, $"'{node.Value}' is not a number.", source, key: key);
}
