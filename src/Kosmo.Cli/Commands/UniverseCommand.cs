using System.CommandLine;
using System.Globalization;
using Kosmo.Core;
using Kosmo.Data.Panel;
using Kosmo.Data.Universe;
using Spectre.Console;

namespace Kosmo.Cli.Commands;

/// <summary>
/// <c>kosmo universe --date D [--db FILE] [--out FILE.csv] [--members-out FILE.csv]</c>: loads the panel from the database
/// (D minus 450 days .. D, enough for the history and liquidity windows), builds the small-cap universe with the default
/// rules, prints the member count and the per-rule exclusion table for D, and optionally writes per-rule counts per date
/// (--out) and the codes with their reasons on D (--members-out).
/// </summary>
internal sealed class UniverseCommand : ICommandModule
{
    private const int LookbackDays = 450;

    public Command Build()
    {
        var date = new Option<string>("--date") { Description = "Date (yyyy-MM-dd); the last trading day on or before it is used.", Required = true };
        var db = new Option<string>("--db") { Description = "Kosmo SQLite database.", DefaultValueFactory = _ => Path.Combine("data", "kosmo.db") };
        var output = new Option<string?>("--out") { Description = "Write per-rule exclusion counts per date of the loaded range to this CSV." };
        var members = new Option<string?>("--members-out") { Description = "Write every listed code on the date with its member flag and first exclusion reason to this CSV." };
        var command = new Command("universe", "Show the tradable small-cap universe on a date: member count and exclusions per rule.");
        command.Options.Add(date);
        command.Options.Add(db);
        command.Options.Add(output);
        command.Options.Add(members);
        command.SetAction(parse => Run(parse.GetValue(date)!, parse.GetValue(db)!, parse.GetValue(output), parse.GetValue(members)));
        return command;
    }

    private static int Run(string dateText, string dbPath, string? outPath, string? membersPath)
    {
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            AnsiConsole.MarkupLine($"[red]error:[/] --date '{Markup.Escape(dateText)}' is not a yyyy-MM-dd date.");
            return ExitCodes.Usage;
        }

        if (!File.Exists(dbPath))
        {
            AnsiConsole.MarkupLine($"[red]error:[/] database '{Markup.Escape(dbPath)}' not found. Import data first ('kosmo import ...') or pass --db FILE.");
            return ExitCodes.NotFound;
        }

        try
        {
            var (panel, report) = new PanelLoader(dbPath).Load(new PanelLoadOptions { From = date.AddDays(-LookbackDays), To = date });
            var t = panel.IndexAtOrBefore(date);
            if (t < 0)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] no trading day on or before {date:yyyy-MM-dd} in '{Markup.Escape(dbPath)}'.");
                return ExitCodes.NotFound;
            }

            var universe = UniverseBuilder.Build(panel, new UniverseRules());
            Print(universe, t, report);
            if (outPath is not null)
            {
                UniverseCsv.WriteFile(outPath, w => UniverseCsv.WriteCounts(universe, w));
                AnsiConsole.MarkupLine($"wrote per-rule counts for {panel.DateCount} dates to [bold]{Markup.Escape(outPath)}[/]");
            }

            if (membersPath is not null)
            {
                UniverseCsv.WriteFile(membersPath, w => UniverseCsv.WriteMembers(universe, t, w));
                AnsiConsole.MarkupLine($"wrote codes and reasons on {panel.Dates[t]:yyyy-MM-dd} to [bold]{Markup.Escape(membersPath)}[/]");
            }

            return ExitCodes.Ok;
        }
        catch (DataValidationException e)
        {
            AnsiConsole.MarkupLine($"[red]invalid data:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.InvalidData;
        }
    }

    private static void Print(UniverseResult universe, int t, PanelLoadReport report)
    {
        var day = universe.Dates[t];
        var listed = universe.Codes.Length - universe.ExcludedCount(t, ExclusionReason.NotListed);
        AnsiConsole.MarkupLine($"[bold]{day:yyyy-MM-dd}[/]: [green]{universe.MemberCount(t)}[/] members of {listed} listed codes (size basis: {universe.SizeBasis[t]})");
        var table = new Table().AddColumn("#").AddColumn("rule (first failing)").AddColumn(new TableColumn("excluded").RightAligned()).AddColumn(new TableColumn("remaining").RightAligned());
        var remaining = listed;
        foreach (var reason in Enum.GetValues<ExclusionReason>().Where(r => r is not ExclusionReason.None and not ExclusionReason.NotListed))
        {
            var n = universe.ExcludedCount(t, reason);
            remaining -= n;
            table.AddRow(((int)reason).ToString(CultureInfo.InvariantCulture), reason.ToString(), n.ToString(CultureInfo.InvariantCulture), remaining.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]panel {report.DateCount} dates x {report.CodeCount} codes; rows used: {Markup.Escape(string.Join(", ", report.RowsUsed.Select(kv => $"{kv.Key} {kv.Value:N0}")))}[/]");
    }
}
