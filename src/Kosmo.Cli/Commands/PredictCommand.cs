using System.CommandLine;
using System.Globalization;
using System.Text;
using Kosmo.Experiment;
using Kosmo.Experiment.Live;
using Spectre.Console;
using Kosmo.Core.IO;

namespace Kosmo.Cli.Commands;

/// <summary>
/// <c>kosmo predict</c>: the daily list. A run's models (the <c>kosmo fit</c> model set, else the last walk-forward
/// fold) applied to the universe of one date (default: the latest in the database), from a short data window and the
/// run's saved processors, with the run's strategy's target weights and the orders for the next open.
/// </summary>
internal sealed class PredictCommand : ICommandModule
{
    public Command Build()
    {
        var run = new Option<DirectoryInfo>("--run") { Description = "A run folder written by 'kosmo run' (its config.yaml, processors and models are used).", Required = true };
        var db = new Option<FileInfo?>("--db") { Description = "The database to read (default: the run's data.db; the run's synthetic market for synthetic runs)." };
        var date = new Option<string>("--date") { Description = "The signal date: latest (the database's last date) or yyyy-MM-dd (the last trading day on or before it).", DefaultValueFactory = _ => "latest" };
        var model = new Option<string?>("--model") { Description = "The model to use (default: the run's main model; any baseline of the run)." };
        var top = new Option<int>("--top") { Description = "Rows to print.", DefaultValueFactory = _ => 30 };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write the ranked list as CSV: rank,date,code,name,market,p_down,p_flat,p_up,score,target_weight." };
        var orders = new Option<FileInfo?>("--orders") { Description = "Write the orders as CSV (default with --out: OUT with .orders.csv)." };
        var account = new Option<long?>("--account") { Description = "Account value in KRW, cash plus holdings at the close (default: the run's backtest.account_krw)." };
        var holdings = new Option<FileInfo?>("--holdings") { Description = "Current positions: CSV code,shares[,entry_date] (default: none, all cash)." };
        var command = new Command("predict", "The daily list: rank a date's universe by P(up) with a trained run's model, with the strategy's target weights and the orders for the next open.")
        {
            run, db, date, model, top, outFile, orders, account, holdings,
        };
        command.SetAction(parse => Execute(parse.GetValue(run)!, parse.GetValue(db), parse.GetValue(date)!, parse.GetValue(model), parse.GetValue(top),
            parse.GetValue(outFile), parse.GetValue(orders), parse.GetValue(account), parse.GetValue(holdings), parse.GetValue(Program.Verbose)));
        return command;
    }

    private static int Execute(DirectoryInfo run, FileInfo? db, string dateText, string? model, int top, FileInfo? outFile, FileInfo? ordersFile, long? account, FileInfo? holdingsFile, bool verbose)
    {
        DateOnly? date = null;
        if (dateText != "latest")
        {
            date = DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : throw new UsageException($"--date '{dateText}' is neither 'latest' nor yyyy-MM-dd");
        }

        if (account is <= 0)
        {
            throw new UsageException($"--account {account}: the account value must be a positive number of KRW");
        }

        if (!run.Exists)
        {
            throw new NoDataException($"run folder '{run.FullName}' not found");
        }

        var held = holdingsFile is null ? [] : Holdings.Read(holdingsFile.FullName);
        var status = (string s) => Console.Error.WriteLine(s);
        var result = LivePrediction.Run(new LiveRequest(run.FullName, db?.FullName, date, model, account, held), status);
        foreach (var w in result.Warnings)
        {
            AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
        }

        if (result.Panel.IsSynthetic)
        {
            AnsiConsole.MarkupLine("[yellow bold]SYNTHETIC DATA[/]: codes and names are from the embedded synthetic market.");
        }

        var table = new Table().Title(Markup.Escape($"{result.Model} ({result.Origin.Description}) on {result.Date:yyyy-MM-dd}: {result.Signals.Count} universe members, ranked by P(up)"))
            .AddColumns("rank", "code", "name", "market", "P(down)", "P(flat)", "P(up)", "P(up)−P(down)", "target");
        foreach (var r in result.Signals.Take(top))
        {
            table.AddRow(r.Rank.ToString(CultureInfo.InvariantCulture), r.Code, Markup.Escape(r.Name), r.Market, P(r.PDown), P(r.PFlat), P(r.PUp),
                (r.PUp - r.PDown).ToString("+0.000;-0.000", CultureInfo.InvariantCulture), r.TargetWeight > 0 ? r.TargetWeight.ToString("P1", CultureInfo.InvariantCulture) : "");
        }

        AnsiConsole.Write(table);
        var plan = result.Plan;
        var orders = new Table().Title(Markup.Escape($"orders for the next open: account {plan.AccountValue:N0} KRW, cash {plan.Cash:N0}, after the orders about {plan.CashAfter:N0}"))
            .AddColumns("side", "code", "shares", "held", "target", "ref. price", "upper limit", "lower limit", "cap", "note");
        foreach (var o in plan.Orders)
        {
            orders.AddRow(o.Side.ToString().ToLowerInvariant(), o.Code, o.Shares.ToString("N0", CultureInfo.InvariantCulture), o.CurrentShares.ToString("N0", CultureInfo.InvariantCulture),
                o.TargetWeight.ToString("P1", CultureInfo.InvariantCulture), o.ReferencePrice.ToString("N0", CultureInfo.InvariantCulture), o.UpperLimit.ToString("N0", CultureInfo.InvariantCulture),
                o.LowerLimit.ToString("N0", CultureInfo.InvariantCulture), o.CapShares.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(o.Note));
        }

        AnsiConsole.Write(orders);
        if (outFile is not null)
        {
            Write(outFile.FullName, ListCsv(result));
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(outFile.FullName)}");
            ordersFile ??= new FileInfo(Path.ChangeExtension(outFile.FullName, null) + ".orders.csv");
        }

        if (ordersFile is not null)
        {
            Write(ordersFile.FullName, OrdersCsv(result));
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(ordersFile.FullName)}");
        }

        if (verbose)
        {
            result.Timings.Mark("print, write");
            foreach (var line in result.Timings.Lines())
            {
                status(line);
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>The ranked list as CSV.</summary>
    internal static string ListCsv(LiveResult result)
    {
        var sb = new StringBuilder("rank,date,code,name,market,p_down,p_flat,p_up,score,target_weight\n");
        foreach (var r in result.Signals)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Rank},{result.Date:yyyy-MM-dd},{r.Code},{r.Name.Replace(',', ' ')},{r.Market},{r.PDown:R},{r.PFlat:R},{r.PUp:R},{r.PUp - r.PDown:R},{r.TargetWeight:R}\n");
        }

        return sb.ToString();
    }

    /// <summary>The orders as CSV (prices and costs in KRW).</summary>
    internal static string OrdersCsv(LiveResult result)
    {
        var sb = new StringBuilder("signal_date,code,side,shares,current_shares,target_weight,ref_price,upper_limit,lower_limit,cap_shares,est_cost,note\n");
        foreach (var o in result.Plan.Orders)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{result.Date:yyyy-MM-dd},{o.Code},{o.Side.ToString().ToLowerInvariant()},{o.Shares},{o.CurrentShares},{o.TargetWeight:R},{o.ReferencePrice:R},{o.UpperLimit:R},{o.LowerLimit:R},{o.CapShares},{o.EstimatedCost},{o.Note.Replace(',', ';')}\n");
        }

        return sb.ToString();
    }

    private static void Write(string path, string text) => AtomicFile.WriteAllText(path, text);

    private static string P(float p) => p.ToString("0.000", CultureInfo.InvariantCulture);
}
