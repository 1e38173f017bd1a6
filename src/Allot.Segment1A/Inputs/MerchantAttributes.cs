namespace Allot.Segment1A.Inputs;

/// <summary>The α-lookup attributes of one merchant.</summary>
/// <param name="Mcc">Merchant category code.</param>
/// <param name="Channel">Sales channel (e.g. <c>card_present</c>).</param>
/// <param name="HomeIso">Packed home ISO code.</param>
public readonly record struct MerchantAttributes(int Mcc, string Channel, ushort HomeIso);
