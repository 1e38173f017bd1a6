using System.Security.Cryptography;
using Allot.Retail.Outputs;
using CsCheck;

namespace Allot.Retail.Tests.Outputs;

public sealed class HashingWriteStreamTests
{
    [Fact]
    public void Digest_AndBytes_AreThoseWritten_InlineOrOnAnotherThread_ForAnyWriteSizes()
    {
        // Writes of 0 B to 2.5 MB cross the background hasher's 1 MB blocks anywhere; the digest must be SHA-256 of
        // exactly the bytes that reached the file, in order, either way.
        Gen.Int[0, 2_600_000].Array[1, 6].Sample(sizes =>
        {
            var data = new byte[sizes.Sum()];
            new Random(sizes.Length * 7919).NextBytes(data);
            foreach (var background in new[] { false, true })
            {
                using var file = new MemoryStream();
                using var hashed = new HashingWriteStream(file, background);
                var at = 0;
                foreach (var n in sizes)
                {
                    hashed.Write(data.AsSpan(at, n));
                    at += n;
                }

                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), hashed.Sha256Hex());
                Assert.Equal(data.Length, hashed.Written);
                Assert.Equal(data, file.ToArray());
            }
        }, iter: 40);
    }
}
