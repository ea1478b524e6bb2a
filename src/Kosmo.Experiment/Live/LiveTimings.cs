using System.Diagnostics;
using System.Globalization;

namespace Kosmo.Experiment.Live;

/// <summary>
/// Wall and CPU seconds of each step of one <c>kosmo predict</c> call (process start to the model's output), so that
/// <c>--verbose</c> shows where the time goes. CPU seconds are the process's user + system time, the steadier figure
/// on a shared machine.
/// </summary>
internal sealed class LiveTimings
{
    private readonly List<(string Step, double Wall, double Cpu)> _steps = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _startupCpu = Cpu();
    private double _lastWall;
    private double _lastCpu = Cpu();

    /// <summary>Seconds from the process start to this object's creation (runtime start-up, command-line parsing, config).</summary>
    public double StartupWall { get; } = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;

    /// <summary>The steps measured so far: name, wall seconds, CPU seconds.</summary>
    public IReadOnlyList<(string Step, double Wall, double Cpu)> Steps => _steps;

    /// <summary>Ends the current step under <paramref name="name"/> and starts the next.</summary>
    public void Mark(string name)
    {
        var wall = _clock.Elapsed.TotalSeconds;
        var cpu = Cpu();
        _steps.Add((name, wall - _lastWall, cpu - _lastCpu));
        _lastWall = wall;
        _lastCpu = cpu;
    }

    /// <summary>One line per step plus the total, for people.</summary>
    public IEnumerable<string> Lines()
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"timing: {"process start",-24} {StartupWall,7:F2} s wall (runtime, command line; CPU {_startupCpu,6:F2} s)");
        foreach (var (step, wall, cpu) in _steps)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"timing: {step,-24} {wall,7:F2} s wall {cpu,7:F2} s CPU");
        }

        yield return string.Create(CultureInfo.InvariantCulture, $"timing: {"total",-24} {StartupWall + _steps.Sum(s => s.Wall),7:F2} s wall {_startupCpu + _steps.Sum(s => s.Cpu),7:F2} s CPU");
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
