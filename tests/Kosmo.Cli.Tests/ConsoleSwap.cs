using Spectre.Console;

namespace Kosmo.Cli.Tests;

/// <summary>
/// Points Console.Out (and optionally Console.Error) and Spectre's AnsiConsole at test writers, and back on Dispose.
/// AnsiConsole binds its writer once, lazily: left alone, whichever test first touches it while Console.Out is a
/// test writer leaves every later test writing to that (disposed) writer. So it is always set here, and restored to
/// a console over the original stdout. Tests using it belong to the "console" collection (one at a time).
/// </summary>
internal sealed class ConsoleSwap : IDisposable
{
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    public ConsoleSwap(TextWriter output, TextWriter? error = null)
    {
        (_out, _err) = (Console.Out, Console.Error);
        Console.SetOut(output);
        if (error is not null)
        {
            Console.SetError(error);
        }

        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
    }

    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_err);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_out), Interactive = InteractionSupport.No });
    }
}
