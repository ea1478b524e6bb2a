using System.CommandLine;
using System.Globalization;
using Kosmo.Experiment.Export;
using Kosmo.Experiment;
using Kosmo.Experiment.Live;
using Kosmo.Core.IO;
using Kosmo.Models.Onnx;
using Spectre.Console;

namespace Kosmo.Cli.Commands;

/// <summary>
/// <c>kosmo export</c>: a run's trained model in a format other tools serve: window models as an ONNX graph of their
/// inference path with the fitted market scaling baked in (<see cref="OnnxExporter"/>), LightGBM as the booster's own
/// text model. The model is the one <c>kosmo predict</c> would use (or the model set of <c>--set</c>).
/// </summary>
internal sealed class ExportCommand : ICommandModule
{
    public Command Build()
    {
        var run = new Option<DirectoryInfo>("--run") { Description = "A run folder written by 'kosmo run' (its config.yaml, processors.json and models are read; nothing in it is written).", Required = true };
        var model = new Option<string>("--model") { Description = "The model to export, by its name in the run: a tft_lite, lstm, mlp or transformer model (ONNX) or lightgbm (its LightGBM text model).", Required = true };
        var file = new Option<FileInfo>("--onnx", "--out") { Description = "The file to write: the ONNX model (window models) or the LightGBM model text (lightgbm). Written whole or not at all.", Required = true };
        var set = new Option<string?>("--set") { Description = "Export from the model set RUN/models/ID (default: the current set of 'kosmo fit', else the run's last walk-forward fold, as 'kosmo predict' chooses)." };
        var command = new Command("export", "Export a run's trained model for serving outside Kosmo: window models as ONNX (opset 17; input scaling baked in, see docs/onnx-export.md), lightgbm as its own model file.")
        {
            run, model, file, set,
        };
        command.SetAction(parse => Execute(parse.GetValue(run)!, parse.GetValue(model)!, parse.GetValue(file)!, parse.GetValue(set)));
        return command;
    }

    private static int Execute(DirectoryInfo run, string model, FileInfo file, string? setId)
    {
        if (!run.Exists)
        {
            throw new NoDataException($"run folder '{run.FullName}' not found");
        }

        var source = ExportSource.Find(run.FullName, model, setId);
        if (file.Directory is { Exists: false } dir)
        {
            throw new UsageException($"--onnx {file.FullName}: the folder {dir.FullName} does not exist");
        }

        switch (source.Runner)
        {
            case LightGbmRunner:
                var text = File.ReadAllText(source.File);
                AtomicFile.WriteAllText(file.FullName, text);
                AnsiConsole.MarkupLine(Markup.Escape($"{model} ({source.Origin}): wrote the LightGBM text model {file.FullName} ({text.Length:N0} characters; its feature_names line lists the run's features and their 5- and 20-day changes)"));
                return ExitCodes.Ok;
            case NeuralRunner neural:
                var net = source.LoadNetwork(neural);
                if (!OnnxExporter.Supports(net))
                {
                    throw new UsageException($"--model {model}: no ONNX exporter for {net.GetType().Name} yet (exportable: {string.Join(", ", OnnxExporter.Kinds)}, and lightgbm as its own model file)");
                }

                var bytes = OnnxExporter.Export(net, ExportInfo.Of(source, run.FullName));
                AtomicFile.WriteBytes(file.FullName, s => s.Write(bytes));
                AnsiConsole.MarkupLine(Markup.Escape($"{model} ({source.Origin}): wrote {file.FullName} ({bytes.Length:N0} bytes, ONNX opset {OnnxGraphOpset}); "
                    + $"input 'features' (batch, {source.Config.Features.Lookback}, {source.Processors.FeatureNames.Length}) + 'static_categorical' (batch, 2: market, dept), output 'probabilities' (batch, 3: down, flat, up)"));
                return ExitCodes.Ok;
            default:
                throw new UsageException($"--model {model}: {model} is not a window model or lightgbm; its fitted parameters are the JSON file {source.File}");
        }
    }

    private static string OnnxGraphOpset => OnnxExporter.Opset.ToString(CultureInfo.InvariantCulture);
}
