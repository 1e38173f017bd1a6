using Allot.Core.Random;

namespace Allot.Core.Tests.Random;

public sealed class PhiloxKnownAnswerTests
{
    [Theory]
    [InlineData(0UL, 0UL, 0UL, 0xca00a0459843d731UL, 0x66c24222c9a845b5UL)]
    [InlineData(0xffffffffffffffffUL, 0xffffffffffffffffUL, 0xffffffffffffffffUL, 0x65b021d60cd8310fUL, 0x4d02f3222f86df20UL)]
    [InlineData(0xa4093822299f31d0UL, 0x13198a2e03707344UL, 0x243f6a8885a308d3UL, 0x0a5e742c2997341cUL, 0xb0f883d38000de5dUL)]
    public void Block_MatchesSpecKnownAnswers(ulong key, ulong hi, ulong lo, ulong x0, ulong x1)
    {
        var block = Philox2x64.Block(new Counter128(hi, lo), key);
        Assert.Equal(x0, block.X0);
        Assert.Equal(x1, block.X1);
    }

    [Fact]
    public void MasterMaterial_RootState_MatchesSpec()
    {
        var master = MasterMaterial.Derive(9248923, "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709");
        Assert.Equal(16078123485953027383UL, master.RootKey);
        Assert.Equal(new Counter128(10793744699694449816UL, 3993875911399710943UL), master.RootCounter);
    }

    [Fact]
    public void Substream_AnchorWithU64Id_MatchesSpec()
    {
        var master = MasterMaterial.Derive(9248923, "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709");
        var stream = SubstreamDerivation.Derive(master, "s0.anchor", 0UL);
        Assert.Equal(new Counter128(5070566718956659482UL, 14281010002530677280UL), stream.Counter);
        var viaTyped = SubstreamDerivation.Derive(master, "s0.anchor", [SubstreamId.U64(0)]);
        Assert.Equal(stream.Counter, viaTyped.Counter);
        Assert.Equal(stream.Key, viaTyped.Key);
    }

    [Fact]
    public void Substream_UnitTestLabel_KeyCounterFirstBlockFirstUniform_MatchSpec()
    {
        var master = MasterMaterial.Derive(1234, string.Concat(Enumerable.Repeat("ab", 32)));
        var stream = SubstreamDerivation.Derive(master, "unit_test");
        Assert.Equal(808749219492380512UL, stream.Key);
        Assert.Equal(new Counter128(23614380967516697UL, 6971351582667520267UL), stream.Counter);

        var block = Philox2x64.Block(stream.Counter, stream.Key);
        Assert.Equal(0xcc0ba5f0b28e6550UL, block.X0);
        Assert.Equal(0xcc064f36bf79ff37UL, block.X1);

        var u = Uniforms.Next(ref stream);
        Assert.Equal(0.7970527374878259, u);
        Assert.Equal(1UL, stream.Draws);
        Assert.Equal(1UL, stream.Blocks);
        Assert.Equal(new Counter128(23614380967516697UL, 6971351582667520268UL), stream.Counter);
    }

    [Fact]
    public void Substream_TypedIdEncodings_DifferByType()
    {
        var master = MasterMaterial.Derive(1, new string('0', 64));
        var asU64 = SubstreamDerivation.Derive(master, "x", [SubstreamId.U64(7)]);
        var asIndex = SubstreamDerivation.Derive(master, "x", [SubstreamId.Index(7)]);
        var isoLower = SubstreamDerivation.Derive(master, "x", [SubstreamId.Iso("de")]);
        var isoUpper = SubstreamDerivation.Derive(master, "x", [SubstreamId.String("DE")]);
        Assert.NotEqual(asU64.Counter, asIndex.Counter);
        Assert.Equal(isoUpper.Counter, isoLower.Counter);
    }

    [Theory]
    [InlineData("ABAB")]
    [InlineData("")]
    [InlineData("991C57A380D81D7AB9BA4901EFB0D0DB3EB7A82AF59249D7CC71017126622709")]
    public void MasterMaterial_RejectsFingerprintsThatAreNot64LowercaseHex(string fingerprint)
    {
        Assert.False(MasterMaterial.IsValidFingerprint(fingerprint));
        Assert.Throws<ArgumentException>(() => MasterMaterial.Derive(1, fingerprint));
    }
}
