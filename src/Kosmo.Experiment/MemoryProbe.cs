using System.Diagnostics;
using System.Globalization;

namespace Kosmo.Experiment;

/// <summary>
/// Cheap process-memory readings for RUN/timing.json: the resident set (RSS) now and its high-water mark since the
/// last <see cref="ResetPeak"/>, and the managed heap. On Linux the peak is the kernel's VmHWM, which
/// <see cref="ResetPeak"/> resets to the current RSS by writing 5 to /proc/self/clear_refs, so a step's peak is the
/// true peak of that step; elsewhere (or when the reset is refused) the peak is the process-wide peak working set.
/// Marks nest (a step holds cells): a reset carries the peak reached so far into every open mark first.
/// Thread-safe, but the kernel mark is per process: marks opened on several threads at once (tests running pipelines
/// in parallel) see each other's resets, so their peaks are then approximate.
/// </summary>
internal static class MemoryProbe
{
    private const string StatusPath = "/proc/self/status";
    private const string ClearRefsPath = "/proc/self/clear_refs";
    private static readonly List<PeakMark> _open = [];
    private static readonly Lock _gate = new();

    /// <summary>Starts measuring a peak: resets the kernel's mark (carrying the peak so far into the open marks).</summary>
    public static PeakMark Begin()
    {
        lock (_gate)
        {
            ResetPeak();
            var mark = new PeakMark();
            _open.Add(mark);
            return mark;
        }
    }

    /// <summary>The peak RSS since <paramref name="mark"/> began, in bytes; closes the mark.</summary>
    public static long End(PeakMark mark)
    {
        lock (_gate)
        {
            _open.Remove(mark);
            return Math.Max(mark.Carried, PeakRssBytes());
        }
    }

    /// <summary>Peak resident set since the last kernel reset (or process start), in bytes.</summary>
    public static long PeakRssBytes() => ReadStatusKb("VmHWM:") is { } kb ? kb * 1024 : Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>Resident set now, in bytes.</summary>
    public static long RssBytes() => ReadStatusKb("VmRSS:") is { } kb ? kb * 1024 : Environment.WorkingSet;

    /// <summary>Bytes of the managed heap after the last collection (including fragmentation), from <see cref="GC.GetGCMemoryInfo()"/>.</summary>
    public static long ManagedHeapBytes() => GC.GetGCMemoryInfo().HeapSizeBytes;

    /// <summary>CPU seconds the process has used so far (all threads).</summary>
    public static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>Bytes in megabytes (10^6), rounded to one decimal.</summary>
    public static double Mb(long bytes) => Math.Round(bytes / 1e6, 1);

    private static void ResetPeak()
    {
        var peak = PeakRssBytes();
        foreach (var m in _open)
        {
            m.Carried = Math.Max(m.Carried, peak);
        }

        try
        {
            File.WriteAllText(ClearRefsPath, "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            // Not Linux, or not allowed: the peak stays process-wide (still a correct upper bound).
        }
    }

    private static long? ReadStatusKb(string key)
    {
        try
        {
            foreach (var line in File.ReadLines(StatusPath))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }

        return null;
    }
}
