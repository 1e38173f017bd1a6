using System.Runtime.InteropServices;

namespace Allot.Segment1A.Events;

/// <summary>
/// Appends a whole file to an open output file. On Linux the bytes are copied by the kernel
/// (<c>copy_file_range(2)</c>: no pass through this process's memory, and a reflink or server-side copy where the
/// file system offers one); anywhere else, or when the kernel refuses (another file system, an old kernel), by an
/// ordinary stream copy from where the kernel stopped. The output's bytes are the same either way.
/// </summary>
internal static class FileAppend
{
    // One call copies at most this much (the kernel caps a call near 2 GB anyway); the loop continues.
    private const long MaxPerCall = 1L << 30;

    /// <summary>Appends <paramref name="source"/> at <paramref name="output"/>'s position and moves that position past it.</summary>
    /// <returns>Bytes the kernel copied (the rest went through a stream copy).</returns>
    public static long Append(string source, FileStream output) => AppendRange(source, 0, -1, output);

    /// <summary>Appends <paramref name="length"/> bytes of <paramref name="source"/> from <paramref name="offset"/> (-1: to its end) likewise.</summary>
    /// <returns>Bytes the kernel copied.</returns>
    public static long AppendRange(string source, long offset, long length, FileStream output)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, FileOptions.SequentialScan);
        var end = length < 0 ? input.Length : offset + length;
        input.Position = offset;
        var kernel = OperatingSystem.IsLinux() ? KernelCopy(input, output, end) : 0;

        // The rest, if the kernel stopped early (nothing when it copied all).
        byte[]? buffer = null;
        while (input.Position < end)
        {
            buffer ??= new byte[1 << 20];
            var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, end - input.Position));
            if (read == 0)
            {
                throw new EndOfStreamException($"{source} ends before byte {end}.");
            }

            output.Write(buffer, 0, read);
        }

        return kernel;
    }

    private static long KernelCopy(FileStream input, FileStream output, long length)
    {
        output.Flush(); // bytes the stream still buffers belong before the copied ones
        var inOffset = input.Position;
        var outOffset = output.Position;
        var start = inOffset;
        try
        {
            var fdIn = (int)input.SafeFileHandle.DangerousGetHandle();
            var fdOut = (int)output.SafeFileHandle.DangerousGetHandle();
            while (inOffset < length)
            {
                var n = CopyFileRange(fdIn, ref inOffset, fdOut, ref outOffset, (nuint)Math.Min(length - inOffset, MaxPerCall), 0);
                if (n <= 0)
                {
                    // Refused (EXDEV, EINVAL, ENOSYS, EOPNOTSUPP…) or an unexpected end: the stream copy takes over
                    // from here and raises the real error, if there is one.
                    break;
                }
            }
        }
        catch (EntryPointNotFoundException)
        {
            // A libc without copy_file_range: the stream copy does it all.
        }

        input.Position = inOffset;
        output.Position = outOffset;
        return inOffset - start;
    }

    [DllImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static extern nint CopyFileRange(int fdIn, ref long offIn, int fdOut, ref long offOut, nuint length, uint flags);
}
