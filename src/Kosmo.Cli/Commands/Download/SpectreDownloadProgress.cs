using Kosmo.Data.Download;
using Spectre.Console;

namespace Kosmo.Cli.Commands.Download;

/// <summary>Download progress as a Spectre progress bar per file (bytes, percentage, rate, time left) on a terminal.</summary>
internal sealed class SpectreDownloadProgress(ProgressContext context) : IDownloadProgress
{
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="work"/> with live progress bars when the output is a terminal, else with plain lines.</summary>
    public static async Task<int> RunAsync(Func<IDownloadProgress, Task<int>> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new PlainDownloadProgress(Console.Out)).ConfigureAwait(false);
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(context => work(new SpectreDownloadProgress(context))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Begin(string file, long? totalBytes, long resumedFrom)
    {
        if (!_tasks.TryGetValue(file, out var task))
        {
            task = context.AddTask(Markup.Escape(file), autoStart: true, maxValue: Math.Max(totalBytes ?? 1, 1));
            _tasks[file] = task;
        }

        task.IsIndeterminate = totalBytes is null;
        task.MaxValue = Math.Max(totalBytes ?? 1, 1);
        task.Value = resumedFrom;
    }

    /// <inheritdoc />
    public void Advance(string file, long bytes)
    {
        if (_tasks.TryGetValue(file, out var task) && !task.IsIndeterminate)
        {
            task.Value = bytes;
        }
    }

    /// <inheritdoc />
    public void End(string file, string outcome)
    {
        if (_tasks.TryGetValue(file, out var task))
        {
            task.Description = $"{Markup.Escape(file)} [grey]{Markup.Escape(outcome)}[/]";
        }
    }

    /// <inheritdoc />
    public void Note(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
}
