using System.Runtime.InteropServices;

namespace Kosmo.Bench.Tft;

/// <summary>CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), in milliseconds: steadier than wall time on a loaded machine.</summary>
internal static class ThreadClock
{
    public static double Ms()
    {
        var ts = default(Timespec);
        _ = ClockGetTime(3, ref ts);
        return (ts.Seconds * 1000.0) + (ts.Nanoseconds / 1e6);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, ref Timespec ts);
}
