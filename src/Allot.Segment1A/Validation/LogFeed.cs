using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Allot.Segment1A.Validation;

/// <summary>
/// One log read sequentially, a given number of lines at a time, into a slice's buffer (the bytes read past the
/// last of those lines start the next slice). On Linux a plain log is read in aligned 2 MB pieces: a piece the page
/// cache already holds (a log just written, or read before) is copied from it (<c>preadv2</c> with
/// <c>RWF_NOWAIT</c>, which never waits for the disk); any other piece is read with <c>O_DIRECT</c>, the disk
/// writing straight into this process's buffers, so the kernel does not fill the page cache with logs read once
/// (on the 2-core VM of the benchmarks, cold buffered reads of the 5.5 GB cost 3–8 s of kernel CPU under load;
/// direct reads 0.3 s). Where either is refused (another OS or file system) or the log is compressed, ordinary
/// reads.
/// </summary>
internal sealed class LogFeed : IDisposable
{
    /// <summary>Bytes per read: a multiple of every logical block size <c>O_DIRECT</c> may require.</summary>
    public const int ReadBytes = 2 << 20;

    private const int Alignment = 4096;
    private const int NoWait = 0x8; // RWF_NOWAIT
    private const int WouldBlock = 11; // EAGAIN

    private readonly SafeFileHandle? _handle;
    private SafeFileHandle? _direct;
    private bool _tryCache = OperatingSystem.IsLinux();
    private readonly Stream? _stream;
    private byte[] _carry = new byte[ReadBytes];
    private int _carryLength;
    private bool _eof;
    private long _readPosition;
    private long _offset;
    private long _line;

    public LogFeed(string file)
    {
        if (file.EndsWith(S7LogCompressionFormat.ZstdSuffix, StringComparison.Ordinal))
        {
            _stream = S7LogCompressionFormat.OpenRead(file);
            return;
        }

        _handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        _direct = OpenDirect(file);
    }

    /// <summary>
    /// Reads the next <paramref name="lines"/> lines into <paramref name="slice"/>; false when the log ends first
    /// (or a read fails: the full parse reads the same bytes again and reports what it finds).
    /// </summary>
    public bool Fill(CanonicalLogCheck.Slice slice, int lines)
    {
        slice.StartPosition = new CanonicalLogCheck.LogPosition(_offset, _line);
        // The carry goes just before an aligned position, so every read lands on an aligned address.
        var prefix = (_carryLength + Alignment - 1) / Alignment * Alignment;
        slice.Ensure(prefix + ReadBytes, 0, 0);
        var begin = prefix - _carryLength;
        _carry.AsSpan(0, _carryLength).CopyTo(slice.Buffer.AsSpan(slice.Base + begin));
        var filled = prefix;
        var scan = begin;
        var found = 0;
        while (found < lines)
        {
            var at = slice.Buffer.AsSpan(slice.Base + scan, filled - scan).IndexOf((byte)'\n');
            if (at >= 0)
            {
                scan += at + 1;
                found++;
                continue;
            }

            scan = filled;
            if (_eof)
            {
                return false;
            }

            slice.Ensure(filled + ReadBytes, begin, filled - begin);
            var n = Read(slice.Buffer, slice.Base + filled, ReadBytes);
            _eof = n < ReadBytes; // reads fill the span unless the log ends

            filled += n;
        }

        slice.Start = slice.Base + begin;
        slice.Length = scan - begin;
        _carryLength = filled - scan;
        if (_carry.Length < _carryLength)
        {
            _carry = new byte[_carryLength];
        }

        slice.Buffer.AsSpan(slice.Base + scan, _carryLength).CopyTo(_carry);
        _offset += slice.Length;
        _line += lines;
        slice.EndPosition = new CanonicalLogCheck.LogPosition(_offset, _line);
        return true;
    }

    /// <summary>True when nothing follows the lines read so far.</summary>
    public bool AtEnd()
    {
        if (_carryLength > 0)
        {
            return false;
        }

        if (_eof)
        {
            return true;
        }

        var probe = GC.AllocateUninitializedArray<byte>(ReadBytes + Alignment, pinned: true);
        return Read(probe, AlignedStart(probe), ReadBytes) == 0;
    }

    public void Dispose()
    {
        _handle?.Dispose();
        _direct?.Dispose();
        _stream?.Dispose();
    }

    /// <summary>The first index of <paramref name="pinned"/> (a pinned array) at an aligned address.</summary>
    internal static int AlignedStart(byte[] pinned)
    {
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0).ToInt64();
        return (int)((Alignment - (address % Alignment)) % Alignment);
    }

    /// <summary>A pinned buffer of at least <paramref name="length"/> bytes from an aligned index, and that index.</summary>
    internal static (byte[] Buffer, int Base) Allocate(int length)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(length + Alignment, pinned: true);
        return (buffer, AlignedStart(buffer));
    }

    /// <summary>Reads <paramref name="length"/> bytes into <paramref name="buffer"/> (pinned) from <paramref name="index"/>, fewer only at the end.</summary>
    private int Read(byte[] buffer, int index, int length)
    {
        var destination = buffer.AsSpan(index, length);
        if (_stream is not null)
        {
            var total = 0;
            while (total < destination.Length)
            {
                var n = _stream.Read(destination[total..]);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total;
        }

        var read = 0;
        while (read < destination.Length)
        {
            var span = destination[read..];
            var direct = false;
            var n = -1;
            if (_direct is not null && _readPosition % Alignment == 0 && read % Alignment == 0)
            {
                // An aligned piece: from the page cache if it holds it, else straight from the disk.
                n = ReadCached(buffer, index + read, span.Length);
                if (n < 0)
                {
                    n = ReadDirect(span);
                    direct = n >= 0;
                }
            }

            if (n < 0)
            {
                n = RandomAccess.Read(_handle!, span, _readPosition);
            }

            if (n == 0)
            {
                break;
            }

            read += n;
            _readPosition += n;
            if (direct && n % Alignment != 0)
            {
                break; // the end of the file: an unaligned tail cannot be followed by an aligned read
            }
        }

        return read;
    }

    /// <summary>Bytes the page cache holds from the read position (0 at the end of the file); −1 when it holds none.</summary>
    private int ReadCached(byte[] buffer, int index, int length)
    {
        if (!_tryCache)
        {
            return -1;
        }

        try
        {
            var vector = new IoVector(Marshal.UnsafeAddrOfPinnedArrayElement(buffer, index), (nuint)length);
            var n = PReadV2((int)_handle!.DangerousGetHandle(), ref vector, 1, _readPosition, NoWait);
            if (n >= 0)
            {
                return (int)n;
            }

            if (Marshal.GetLastPInvokeError() != WouldBlock)
            {
                _tryCache = false; // not supported here: every piece goes direct
            }

            return -1;
        }
        catch (EntryPointNotFoundException)
        {
            _tryCache = false;
            return -1;
        }
    }

    /// <summary>Reads with <c>O_DIRECT</c>; −1 when the file system refuses (then ordinary reads from here on).</summary>
    private int ReadDirect(Span<byte> destination)
    {
        try
        {
            return RandomAccess.Read(_direct!, destination, _readPosition);
        }
        catch (IOException)
        {
            // A file system that takes O_DIRECT at open but not on read.
            _direct!.Dispose();
            _direct = null;
            return -1;
        }
    }

    private static SafeFileHandle? OpenDirect(string file)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var direct = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 or Architecture.X86 => 0x4000,
            Architecture.Arm64 or Architecture.Arm => 0x10000,
            _ => 0,
        };
        if (direct == 0)
        {
            return null;
        }

        try
        {
            const int readOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC
            var fd = Open(file, readOnlyCloseOnExec | direct);
            if (fd < 0)
            {
                return null;
            }

            return new SafeFileHandle(fd, ownsHandle: true);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "preadv2", SetLastError = true)]
    private static extern nint PReadV2(int fd, ref IoVector vector, int count, long offset, int flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct IoVector(nint start, nuint length)
    {
        public readonly nint Start = start;
        public readonly nuint Length = length;
    }
}
