using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Allot.Segment1A.Validation;

/// <summary>
/// One log read sequentially, a given number of lines at a time, into a slice's buffer (the bytes read past the
/// last of those lines start the next slice). A plain log on Linux is read with <c>O_DIRECT</c>: the disk writes
/// straight into this process's buffers, so the kernel neither copies 5 GB out of the page cache nor fills the
/// page cache with logs read once (on this 2-core VM the copy cost 3–4.5 s of CPU for 5.5 GB under load, against
/// 0.3 s direct). Where that is refused (another OS or file system) or the log is compressed, ordinary reads.
/// </summary>
internal sealed class LogFeed : IDisposable
{
    /// <summary>Bytes per read: a multiple of every logical block size <c>O_DIRECT</c> may require.</summary>
    public const int ReadBytes = 2 << 20;

    private const int Alignment = 4096;

    private readonly string _file;
    private SafeFileHandle? _handle;
    private readonly Stream? _stream;
    private byte[] _carry = new byte[ReadBytes];
    private int _carryLength;
    private bool _eof;
    private long _readPosition;
    private long _offset;
    private long _line;

    public LogFeed(string file)
    {
        _file = file;
        if (file.EndsWith(S7LogCompressionFormat.ZstdSuffix, StringComparison.Ordinal))
        {
            _stream = S7LogCompressionFormat.OpenRead(file);
            return;
        }

        _handle = OpenDirect(file) ?? File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
    }

    /// <summary>True when the log is read with <c>O_DIRECT</c>.</summary>
    public bool Direct { get; private set; }

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
            var n = Read(slice.Buffer.AsSpan(slice.Base + filled, ReadBytes));
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
        return Read(probe.AsSpan(AlignedStart(probe), ReadBytes)) == 0;
    }

    public void Dispose()
    {
        _handle?.Dispose();
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

    private int Read(Span<byte> destination)
    {
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
            int n;
            try
            {
                n = RandomAccess.Read(_handle!, destination[read..], _readPosition);
            }
            catch (IOException) when (Direct && _readPosition % Alignment == 0)
            {
                // A file system that takes O_DIRECT at open but not on read: ordinary reads from the same place.
                _handle!.Dispose();
                _handle = File.OpenHandle(_file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
                Direct = false;
                continue;
            }

            if (n == 0)
            {
                break;
            }

            read += n;
            _readPosition += n;
            if (Direct && n % Alignment != 0)
            {
                break; // the end of the file: an unaligned tail cannot be followed by an aligned read
            }
        }

        return read;
    }

    private SafeFileHandle? OpenDirect(string file)
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

            Direct = true;
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

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
