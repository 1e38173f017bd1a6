using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Allot.Cluster;

/// <summary>
/// The build a cluster member runs, so that a coordinator and silos of different builds refuse to work together
/// instead of mixing results: shard outputs must be byte-identical to a single process of the coordinator's build,
/// and a silo of another build may compute differently (a kernel fix) or read the messages differently (a changed
/// field). The identity is the Allot assemblies' informational version and a digest of the module version ids of
/// every Allot assembly the cluster code reaches (each id changes whenever the assembly's compiled bytes do), so two
/// copies of one published folder agree, and a rebuild from other sources does not.
/// </summary>
internal static class ClusterBuild
{
    /// <summary>This process's build: <c>VERSION (DIGEST12)</c>.</summary>
    public static string Identity { get; } = Of(typeof(ClusterBuild).Assembly);

    /// <summary>The identity of <paramref name="root"/> and the Allot assemblies it references, directly or not.</summary>
    internal static string Of(Assembly root)
    {
        var modules = new SortedDictionary<string, Guid>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            if (!modules.TryAdd(assembly.GetName().Name ?? string.Empty, assembly.ManifestModule.ModuleVersionId))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && name.StartsWith("Allot.", StringComparison.Ordinal) && !modules.ContainsKey(name))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        var text = string.Join('\n', modules.Select(m => $"{m.Key} {m.Value:N}"));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
        var version = root.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? root.GetName().Version?.ToString() ?? "?";
        return $"{version} ({digest})";
    }

    /// <summary>The error for a member whose build differs from this one.</summary>
    /// <param name="silo">The silo's name.</param>
    /// <param name="silos">The silo's build.</param>
    /// <param name="coordinators">The coordinator's build.</param>
    public static Core.Errors.AllotException Mismatch(string silo, string silos, string coordinators) =>
        ClusterErrors.Fail(
            ClusterErrors.BuildMismatch,
            $"silo {silo} runs build {Shown(silos)} and the coordinator build {Shown(coordinators)}: every member of a cluster must run one build (install the same published folder on every machine and restart the silos); nothing was published.");

    private static string Shown(string build) => build.Length == 0 ? "(unknown: older than build checks)" : build;
}
