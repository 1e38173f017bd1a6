using System.Runtime.InteropServices;

namespace Allot.Data.Publishing;

/// <summary>
/// The rule that an output file's path names a regular file or nothing. Outputs are written to a temporary sibling
/// and renamed into place; a rename onto a named pipe, a device or a socket replaces that node itself (run as root,
/// <c>allot report --output /dev/full</c> replaced the machine's /dev/full with the report and exited 0), and reading
/// a pipe to compare it with the new bytes waits for a writer that never comes.
/// </summary>
internal static class RegularFileTarget
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 1;
    private const int ModeOffset = 28;
    private const ushort TypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;
    private const ushort Folder = 0x4000;

    /// <summary>Throws <see cref="PublishCodes.Io"/> when <paramref name="path"/> (its links followed) is neither absent, a regular file nor a folder.</summary>
    public static void Require(string path)
    {
        if (IsSpecial(path))
        {
            throw PublishCodes.Fail(
                PublishCodes.Io,
                "the path is not a regular file (a named pipe, a device or a socket): an output is written whole to a temporary file and renamed into place, which would replace it. Nothing of this run was written; name a regular file.",
                Path.GetFullPath(path));
        }
    }

    /// <summary>True when the path exists and is a named pipe, a device or a socket (Linux; elsewhere false).</summary>
    public static bool IsSpecial(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // statx's layout is the same on every architecture (struct stat's is not); stx_mode is the u16 at byte 28.
        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, Path.GetFullPath(path), 0, StatxType, buffer) != 0)
            {
                return false;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // A C library without statx (glibc before 2.28, or none found under that name): the check is a guard, so
            // the write goes on as it did before the guard existed.
            return false;
        }

        var type = (ushort)(MemoryMarshal.Read<ushort>(buffer.AsSpan(ModeOffset)) & TypeMask);
        return type is not (RegularFile or Folder);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
