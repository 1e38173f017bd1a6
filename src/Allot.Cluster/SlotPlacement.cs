using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Allot.Cluster;

/// <summary>
/// Places dispatch slot <c>k</c> on silo <c>k mod n</c> of the live silos in address order, so slots spread evenly
/// (the default placement may stack several on one silo). When a silo dies, its slots are placed again on the
/// survivors by the same rule at their next call.
/// </summary>
[GenerateSerializer]
[Immutable]
[SuppressReferenceTracking]
public sealed class SlotPlacement : PlacementStrategy
{
    internal static readonly SlotPlacement Instance = new();
}

/// <summary>Marks a grain class as placed by <see cref="SlotPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SlotPlacementAttribute : PlacementAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SlotPlacementAttribute()
        : base(SlotPlacement.Instance)
    {
    }
}

/// <summary>The director of <see cref="SlotPlacement"/>.</summary>
internal sealed class SlotPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        var key = target.GrainIdentity.GetIntegerKey();
        return Task.FromResult(silos[(int)((ulong)key % (ulong)silos.Length)]);
    }
}
