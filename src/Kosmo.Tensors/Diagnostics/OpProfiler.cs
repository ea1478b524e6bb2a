using System.Diagnostics;

namespace Kosmo.Tensors.Diagnostics;

/// <summary>
/// A coarse, opt-in time breakdown of a training step by named section (for benchmarks, not for production runs).
/// Model code calls <see cref="Section"/> at the start of each block; the forward time between two calls is charged
/// to the earlier section, and every backward step recorded on the <see cref="Tape"/> while a section was current is
/// timed and charged to it. Disabled (the default) it costs one field read per call. State is per thread (the thread
/// that runs the forward and the backward); only the clock is shared.
/// </summary>
public static class OpProfiler
{
    [ThreadStatic]
    private static Dictionary<string, double>? _forward;

    [ThreadStatic]
    private static Dictionary<string, double>? _backward;

    [ThreadStatic]
    private static string? _current;

    [ThreadStatic]
    private static double _mark;

    [ThreadStatic]
    private static bool _enabled;

    /// <summary>Turns timing on or off for the calling thread (off by default).</summary>
    public static bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>The clock in milliseconds (default: the wall clock; a thread CPU clock gives steadier figures).</summary>
    public static Func<double> Clock { get; set; } = () => Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    /// <summary>Forward milliseconds per section since the last <see cref="Reset"/>.</summary>
    public static IReadOnlyDictionary<string, double> Forward => _forward ??= [];

    /// <summary>Backward milliseconds per section since the last <see cref="Reset"/>.</summary>
    public static IReadOnlyDictionary<string, double> Backward => _backward ??= [];

    /// <summary>The section that ops recorded now are charged to.</summary>
    public static string Current => _current ?? "other";

    /// <summary>Starts section <paramref name="name"/>, charging the forward time since the previous call to that one.</summary>
    public static void Section(string name)
    {
        if (!Enabled)
        {
            return;
        }

        var now = Clock();
        Add(_forward ??= [], Current, now - _mark);
        _current = name;
        _mark = now;
    }

    /// <summary>Clears the totals and restarts the clock in section "other".</summary>
    public static void Reset()
    {
        _forward?.Clear();
        _backward?.Clear();
        _parallel?.Clear();
        _current = "other";
        _mark = Clock();
    }

    internal static void AddBackward(string section, double ms) => Add(_backward ??= [], section, ms);

    [ThreadStatic]
    private static Dictionary<string, double>? _parallel;

    [ThreadStatic]
    private static string? _backwardSection;

    /// <summary>
    /// Milliseconds spent inside parallel regions (<see cref="TensorThreads.For"/>) per "fwd_"/"bwd_" section since
    /// the last <see cref="Reset"/>: the section's time minus this is the time it ran on one thread only.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Parallel => _parallel ??= [];

    internal static string? BackwardSection
    {
        get => _backwardSection;
        set => _backwardSection = value;
    }

    internal static void AddParallel(double ms) =>
        Add(_parallel ??= [], _backwardSection is null ? "fwd_" + Current : "bwd_" + _backwardSection, ms);

    private static void Add(Dictionary<string, double> d, string key, double ms) =>
        d[key] = d.TryGetValue(key, out var v) ? v + ms : ms;
}
