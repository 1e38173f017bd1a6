using Allot.Core.Errors;
using Allot.Data.Publishing;

namespace Allot.Data.Tests.Publishing;

public sealed class PartitionPublisherTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("allot-pub-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Action<string> Writes(params (string Name, string Text)[] files) => dir =>
    {
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    };

    [Fact]
    public void Publish_NewTarget_MovesStagingIntoPlace_AndLeavesNoStaging()
    {
        var target = Path.Combine(_root, "ds", "seed=1");
        var r = PartitionPublisher.Publish(target, Writes(("part-00000.bin", "abc")), "E_CONFLICT");
        Assert.Equal(PublishOutcome.Published, r.Outcome);
        Assert.Equal("abc", File.ReadAllText(Path.Combine(target, "part-00000.bin")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root, "ds"), PartitionPublisher.StagingPrefix + "*"));
    }

    [Fact]
    public void Publish_IdenticalExisting_SucceedsWithoutRewrite()
    {
        var target = Path.Combine(_root, "p");
        PartitionPublisher.Publish(target, Writes(("a", "1")), "E_CONFLICT");
        var before = File.GetLastWriteTimeUtc(Path.Combine(target, "a"));
        Thread.Sleep(20);
        var r = PartitionPublisher.Publish(target, Writes(("a", "1")), "E_CONFLICT");
        Assert.Equal(PublishOutcome.IdenticalExisting, r.Outcome);
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(target, "a")));
    }

    [Fact]
    public void Publish_DifferentExisting_IsConflict_AndTargetUntouched()
    {
        var target = Path.Combine(_root, "p");
        PartitionPublisher.Publish(target, Writes(("a", "1")), "E411_IMMUTABLE_CONFLICT");
        var ex = Assert.Throws<AllotException>(() => PartitionPublisher.Publish(target, Writes(("a", "2")), "E411_IMMUTABLE_CONFLICT"));
        Assert.Equal("E411_IMMUTABLE_CONFLICT", ex.Code);
        Assert.Equal(ErrorClass.Conflict, ex.Error.Class);
        Assert.Equal("1", File.ReadAllText(Path.Combine(target, "a")));
        Assert.Single(Directory.GetDirectories(_root));
    }

    [Fact]
    public void Publish_WriterThrows_LeavesNothingBehind()
    {
        var target = Path.Combine(_root, "p");
        Assert.Throws<InvalidOperationException>(() => PartitionPublisher.Publish(target, dir =>
        {
            File.WriteAllText(Path.Combine(dir, "half"), "x");
            throw new InvalidOperationException("boom");
        }, "E"));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void Receipt_HashesContentInOrdinalPathOrder_NotNames()
    {
        var a = Path.Combine(_root, "a");
        var b = Path.Combine(_root, "b");
        Writes(("part-0", "hello "), ("part-1", "world"))(Directory.CreateDirectory(a).FullName);
        Writes(("x-0", "hello "), ("x-1", "world"))(Directory.CreateDirectory(b).FullName);
        Assert.Equal(DeterminismReceipt.ComputeSha256Hex(a), DeterminismReceipt.ComputeSha256Hex(b));

        // SHA-256("hello world")
        Assert.Equal("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", DeterminismReceipt.ComputeSha256Hex(a));
        Assert.Equal(["part-0", "part-1"], DeterminismReceipt.OrderedFiles(a));
    }

    [Fact]
    public void WriteFileAtomically_ReplacesWholeFile()
    {
        var path = Path.Combine(_root, "r", "report.json");
        PartitionPublisher.WriteFileAtomically(path, "{}"u8);
        PartitionPublisher.WriteFileAtomically(path, "{\"a\":1}"u8);
        Assert.Equal("{\"a\":1}", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
