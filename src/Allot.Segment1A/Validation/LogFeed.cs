using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Allot.Segment1A.Validation;

/// <summary>
/// One log read sequentially, a given number of lines at a time, into a slice's buffer (the bytes read past the
/// last of those lines start the next slice). On Linux a plain log is read in aligned 2 MB pieces: a piece the page
/// cache already holds (a log just written, or read before: <c>mincore</c> over a read-only mapping that is never
/// touched) is copied from it; any other piece is read with <c>O_DIRECT</c>, the disk
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

    private readonly SafeFileHandle? _handle;
    private SafeFileHandle? _direct;
    private readonly long _length;
    private readonly byte[] _residency = new byte[ReadBytes / Alignment];
    private System.IO.MemoryMappedFiles.MemoryMappedFile? _map;
    private System.IO.MemoryMappedFiles.MemoryMappedViewAccessor? _view;
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

        // With direct reads for what is not cached, ordinary reads must not read ahead into the page cache.
        _direct = OpenDirect(file);
        _handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, _direct is null ? FileOptions.SequentialScan : FileOptions.RandomAccess);
        _length = RandomAccess.GetLength(_handle);
        if (_direct is not null && _length > 0)
        {
            try
            {
                _map = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateFromFile(file, FileMode.Open, null, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
                _view = _map.CreateViewAccessor(0, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                CloseMap(); // no residency checks: every aligned piece goes direct
            }
        }
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
        CloseMap();
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
                if (!Cached(span.Length))
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

    /// <summary>True when the page cache holds every page of the next <paramref name="length"/> bytes (or they are past the end).</summary>
    private bool Cached(int length)
    {
        if (_view is null)
        {
            return false;
        }

        var n = (int)Math.Min(length, _length - _readPosition);
        if (n <= 0)
        {
            return true;
        }

        var start = _view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)_view.PointerOffset + (nint)_readPosition;
        if (MinCore(start, (nuint)n, _residency) != 0)
        {
            CloseMap();
            return false;
        }

        var pages = (n + Alignment - 1) / Alignment;
        for (var i = 0; i < pages; i++)
        {
            if ((_residency[i] & 1) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private void CloseMap()
    {
        _view?.Dispose();
        _map?.Dispose();
        _view = null;
        _map = null;
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

    [DllImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static extern int MinCore(nint start, nuint length, byte[] residency);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
