using System.Globalization;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Neural;
using Kosmo.Models.Tft;

namespace Kosmo.Models.Onnx;

/// <summary>
/// Writes a trained window model's inference path as an ONNX model (opset 17, IR 8) that any ONNX runtime can serve.
/// Inputs: <c>features</c> float (batch, L, K), the raw window with the <see cref="OnnxInputScaling"/> baked in as the
/// first nodes (NaN allowed: it becomes 0 after scaling, as in Kosmo); <c>static_categorical</c> int64 (batch, S) when the
/// model has static categories; <c>static_reals</c> float (batch, R) when it has static reals. Outputs:
/// <c>probabilities</c> (batch, C), softmax of <c>logits</c> (batch, C). The protobuf is written by a small writer of
/// the onnx.proto subset it needs (<see cref="ProtoWriter"/>), so Kosmo.Models takes no protobuf dependency.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the graphs are written against.</summary>
    public const int Opset = OnnxGraph.Opset;

    /// <summary>The model kinds with an exporter, as named in configs.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["tft_lite", "lstm", "mlp", "transformer"];

    /// <summary>Whether <paramref name="model"/> has an ONNX exporter.</summary>
    public static bool Supports(ISequenceClassifier model) => model is TftLite or LstmClassifier or MlpClassifier or TransformerClassifier;

    /// <summary>The model as a serialised ONNX ModelProto.</summary>
    /// <exception cref="NotSupportedException">The model kind has no exporter.</exception>
    /// <exception cref="ArgumentException">The info's K or scaling length differs from the model's K.</exception>
    public static byte[] Export(ISequenceClassifier model, OnnxModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        var g = new OnnxGraph(model.Name);
        var (k, s, r) = model switch
        {
            TftLite t => (t.Options.Reals, t.Options.StaticCardinalities.Count, t.Options.StaticReals),
            LstmClassifier m => LstmOnnx.Sizes(m),
            MlpClassifier m => MlpOnnx.Sizes(m, info.FeatureNames.Count),
            TransformerClassifier m => TransformerOnnx.Sizes(m),
            _ => throw new NotSupportedException($"{model.Name}: no ONNX exporter for {model.GetType().Name} (exportable: {string.Join(", ", Kinds)})"),
        };
        if (r < 0 || info.FeatureNames.Count != k || info.Scaling.Scale.Length != k || info.Scaling.Shift.Length != k)
        {
            throw new ArgumentException($"{model.Name}: the model has K={k} features; the export info names {info.FeatureNames.Count} and scales {info.Scaling.Scale.Length}.", nameof(info));
        }

        var raw = g.Input("features", OnnxGraph.Float32, $"(batch, L={info.Lookback}, K={k}) window ending on the signal date, oldest day first; columns: {string.Join(",", info.FeatureNames)}", "batch", (long)info.Lookback, (long)k);
        var cat = s == 0 ? null : g.Input("static_categorical", OnnxGraph.Int64, "(batch, S) static category ids", "batch", (long)s);
        var reals = r == 0 ? null : g.Input("static_reals", OnnxGraph.Float32, "(batch, R) static reals", "batch", (long)r);
        var scaled = g.Node("Add", [g.Node("Mul", [raw, g.Init("input_scale", info.Scaling.Scale, k)]), g.Init("input_shift", info.Scaling.Shift, k)]);
        var x = g.Node("Where", [g.Node("IsNaN", [scaled]), g.Scalar(0f), scaled], output: "scaled_features");
        var logits = model switch
        {
            TftLite t => TftLiteOnnx.Build(g, t, x, cat, reals),
            LstmClassifier m => LstmOnnx.Build(g, m, x, cat, reals),
            MlpClassifier m => MlpOnnx.Build(g, m, x, cat, reals),
            TransformerClassifier m => TransformerOnnx.Build(g, m, x, info.Lookback, cat, reals),
            _ => throw new NotSupportedException(model.Name),
        };
        g.Node("Identity", [logits], output: "logits");
        g.Node("Softmax", ["logits"], [OnnxAttribute.Int("axis", -1)], output: "probabilities");
        var c = info.ClassNames.Count;
        g.Output("probabilities", OnnxGraph.Float32, $"(batch, C) class probabilities: {string.Join(",", info.ClassNames)}", "batch", (long)c);
        g.Output("logits", OnnxGraph.Float32, "(batch, C) logits", "batch", (long)c);
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("model", model.Name),
            new("lookback", info.Lookback.ToString(CultureInfo.InvariantCulture)),
            new("features", string.Join(",", info.FeatureNames)),
            new("classes", string.Join(",", info.ClassNames)),
            new("input_scale", string.Join(",", info.Scaling.Scale.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))),
            new("input_shift", string.Join(",", info.Scaling.Shift.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))),
        };
        metadata.AddRange(info.Metadata);
        var version = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0";
        return g.ToBytes(version, $"Kosmo {model.Name}: the inference path (dropout off), input scaling baked in; see docs/onnx-export.md.", metadata);
    }
}
