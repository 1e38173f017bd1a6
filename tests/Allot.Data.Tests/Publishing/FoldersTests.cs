using Allot.Data.Publishing;

namespace Allot.Data.Tests.Publishing;

/// <summary>Creating the folders a run writes into, and what the failure says when a file is in the way.</summary>
public sealed class FoldersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("allot-folders-").FullName;

    [Fact]
    public void MissingFolderAndParents_AreCreated_AnExistingOneIsLeftAsItIs()
    {
        var deep = Path.Combine(_root, "a", "b", "c");
        Folders.Create(deep);
        Assert.True(Directory.Exists(deep));
        File.WriteAllText(Path.Combine(deep, "kept.txt"), "k");
        Folders.Create(deep);
        Assert.Equal("k", File.ReadAllText(Path.Combine(deep, "kept.txt")));
    }

    [Fact]
    public void AFileAtThePath_IsNamedAsNotAFolder_AndLeftUntouched()
    {
        var file = Path.Combine(_root, "out");
        File.WriteAllText(file, "x");
        var ex = Assert.Throws<IOException>(() => Folders.Create(file));
        Assert.Contains($"'{file}' is a file, not a folder", ex.Message, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void AFileAmongTheParents_IsNamed_NotTheFolderBelowIt()
    {
        var file = Path.Combine(_root, "report.csv");
        File.WriteAllText(file, "x");
        var ex = Assert.Throws<IOException>(() => Folders.Create(Path.Combine(file, "sub", "deeper")));
        Assert.Contains($"'{file}' is a file, so no folder can be created under it", ex.Message, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
