using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Allot.Data.Publishing;

/// <summary>
/// The publication lock of one folder: <c>{folder}/.allot.lock</c>, opened with <see cref="FileShare.None"/>
/// (on Linux and macOS .NET takes an exclusive <c>flock</c>, on Windows a share lock), so the kernel releases it
/// when the holder dies, even by <c>kill -9</c>: a lock is never stale. The holder (pid, start time, transaction) is
/// written beside it in <c>.allot.lock.owner</c> (the lock file itself cannot be read while held: .NET asks for a
/// shared lock to read), for people and for <c>allot gc</c>. On Linux the holder removes both files before it
/// releases the lock, and a process that acquires a lock checks (through <c>/proc/self/fd</c>) that the file it
/// locked is still the one at the path, so removing lock files never lets two holders in; elsewhere the files stay.
/// A killed holder leaves both files behind: harmless (the kernel released the lock), reported by <c>allot gc</c>.
/// </summary>
internal sealed class PublishLock : IDisposable
{
    /// <summary>File name of the lock inside the folder it guards.</summary>
    public const string FileName = ".allot.lock";

    /// <summary>File name of the holder's description beside the lock.</summary>
    public const string OwnerFileName = ".allot.lock.owner";

    private FileStream? _stream;

    private PublishLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>How long a writer waits for a busy lock: <c>ALLOT_PUBLISH_LOCK_TIMEOUT_SECONDS</c>, default 300.</summary>
    public static TimeSpan DefaultTimeout =>
        double.TryParse(Environment.GetEnvironmentVariable("ALLOT_PUBLISH_LOCK_TIMEOUT_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(300);

    /// <summary>Acquires the lock of <paramref name="folder"/> (created if missing), waiting up to <paramref name="timeout"/>.</summary>
    /// <exception cref="Core.Errors.AllotException"><see cref="PublishCodes.Busy"/> when another live process still holds it.</exception>
    public static PublishLock Acquire(string folder, TimeSpan timeout, string transaction)
    {
        Folders.Create(folder);
        var path = System.IO.Path.Combine(folder, FileName);
        var clock = Stopwatch.StartNew();
        var delay = 5;
        while (true)
        {
            var stream = TryOpen(path, FileMode.OpenOrCreate);
            if (stream is not null && !StillAtPath(stream, path))
            {
                // The previous holder removed the file we opened before we locked it: lock the new one instead.
                stream.Dispose();
                continue;
            }

            if (stream is not null)
            {
                WriteOwner(path + ".owner", transaction);
                return new PublishLock(path, stream);
            }

            if (clock.Elapsed >= timeout)
            {
                throw PublishCodes.Fail(
                    PublishCodes.Busy,
                    $"another allot process is publishing into this folder and still holds its lock after {timeout.TotalSeconds:0.#} s (holder: {DescribeHolder(path)}); retry when it has finished.",
                    path);
            }

            Thread.Sleep(delay);
            delay = Math.Min(delay * 2, 100);
        }
    }

    /// <summary>True when a live process holds the lock file at <paramref name="path"/> now.</summary>
    public static bool IsHeld(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        var stream = TryOpen(path, FileMode.Open);
        if (stream is null)
        {
            return File.Exists(path);
        }

        stream.Dispose();
        return false;
    }

    /// <summary>The holder recorded in the lock file (the last one that held it), or "unknown".</summary>
    public static string DescribeHolder(string path)
    {
        try
        {
            var owner = ReadOwner(path);
            return owner is null ? "unknown" : $"pid {owner.Value.Owner.Pid} (started {owner.Value.Owner.StartTime}, {(owner.Value.Owner.IsAlive() ? "alive" : "no longer running")}), transaction {owner.Value.Transaction}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>The last holder recorded beside the lock file at <paramref name="path"/> (null when unknown).</summary>
    public static (ProcessIdentity Owner, string Transaction)? ReadOwner(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path + ".owner");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var parts = text.Trim().Split(' ');
        return parts.Length >= 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? (parts.Length >= 5 ? new ProcessIdentity(pid, start, parts[4]) : new ProcessIdentity(pid, start), parts[2])
            : null;
    }

    /// <summary>Releases the lock; on Linux removes the lock and owner files first, while still holding it.</summary>
    public void Dispose()
    {
        if (_stream is null)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            try
            {
                File.Delete(Path + ".owner");
                File.Delete(Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A read-only or vanished folder: the files stay, which is harmless.
            }
        }

        _stream.Dispose();
        _stream = null;
    }

    private static FileStream? TryOpen(string path, FileMode mode)
    {
        try
        {
            return new FileStream(path, mode, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex) when (IsSharingViolation(ex))
        {
            return null;
        }
        catch (FileNotFoundException) when (mode == FileMode.Open)
        {
            return null;
        }
    }

    /// <summary>On Linux: whether the locked file is still the one named <paramref name="path"/> (not removed meanwhile).</summary>
    private static bool StillAtPath(FileStream stream, string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        var fd = stream.SafeFileHandle.DangerousGetHandle().ToInt64();
        // The kernel names an unlinked file "<path> (deleted)"; the path itself may differ from ours by symlinks.
        _ = path;
        var target = File.ResolveLinkTarget($"/proc/self/fd/{fd.ToString(CultureInfo.InvariantCulture)}", returnFinalTarget: false)?.FullName;
        return target is null || !target.EndsWith(" (deleted)", StringComparison.Ordinal);
    }

    /// <summary>EWOULDBLOCK from flock (11 on Linux, 35 on macOS) or ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows.</summary>
    private static bool IsSharingViolation(IOException ex) =>
        ex.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private static void WriteOwner(string ownerPath, string transaction)
    {
        try
        {
            var me = ProcessIdentity.Current;
            File.WriteAllText(ownerPath, string.Create(CultureInfo.InvariantCulture, $"{me.Pid} {me.StartTime} {transaction} {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {me.Host}\n"), Encoding.ASCII);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The owner line is for diagnosis only; a full disk must not stop a run that holds the lock.
        }
    }
}
