using Kosmo.Experiment;
using Spectre.Console;

namespace Kosmo.Cli.Rendering;

/// <summary>Progress on the terminal: one line per step with its elapsed time, and a live bar while cells train.</summary>
internal sealed class ConsoleRunProgress : IRunProgress
{
    private readonly DateTime _start = DateTime.UtcNow;
    private DateTime _cellsStart;
    private int _lastTotal;

    public void BeginStep(string name)
    {
        AnsiConsole.MarkupLine($"[blue]>[/] [bold]{name}[/]  [grey](elapsed {Elapsed()})[/]");
        if (name == "train")
        {
            _cellsStart = DateTime.UtcNow;
        }
    }

    public void EndStep(string name, TimeSpan elapsed) =>
        AnsiConsole.MarkupLine($"  [green]done[/] {name} in {elapsed.TotalSeconds:F1} s");

    public void Status(string message) => AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(message)}[/]");

    public void Advance(int done, int total)
    {
        _lastTotal = total;
        var spent = DateTime.UtcNow - _cellsStart;
        var eta = done > 0 ? TimeSpan.FromTicks(spent.Ticks * (total - done) / done) : TimeSpan.Zero;
        AnsiConsole.MarkupLine($"  {Bar(done / (double)total)} {done}/{total} cells  [grey]elapsed {spent:hh\\:mm\\:ss}, ETA {eta:hh\\:mm\\:ss}[/]");
    }

    public void Training(string model, int epoch, int epochs, double fraction, double loss, double samplesPerSecond)
    {
        if (!Console.IsOutputRedirected)
        {
            var text = $"    {model} epoch {epoch}/{epochs} {Bar(fraction)} loss {loss:F4}  {samplesPerSecond:N0} samples/s";
            Console.Write("\r" + text.PadRight(Math.Min(Console.WindowWidth - 1, 110)));
            if (fraction >= 1)
            {
                Console.WriteLine();
            }
        }
        else if (fraction >= 1)
        {
            Console.WriteLine($"    {model} epoch {epoch}/{epochs} loss {loss:F4} {samplesPerSecond:N0} samples/s");
        }
    }

    private static string Bar(double fraction)
    {
        var n = (int)Math.Round(Math.Clamp(fraction, 0, 1) * 24);
        return "[green]" + new string('━', n) + "[/][grey]" + new string('━', 24 - n) + "[/]";
    }

    private string Elapsed() => (DateTime.UtcNow - _start).ToString(@"hh\:mm\:ss");
}
