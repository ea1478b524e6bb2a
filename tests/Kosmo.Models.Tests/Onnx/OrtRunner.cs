using Microsoft.ML.OnnxRuntime;

namespace Kosmo.Testing;

/// <summary>Runs an exported ONNX model with ONNX Runtime on float windows and int64 static categories.</summary>
internal static class OrtRunner
{
    /// <summary>The probabilities (B × C, row-major) for a batch.</summary>
    /// <param name="model">The serialised ModelProto.</param>
    /// <param name="features">(B, L, K) raw windows.</param>
    /// <param name="shape">[B, L, K].</param>
    /// <param name="categorical">(B, S) category ids, or null.</param>
    /// <param name="reals">(B, R) static reals, or null.</param>
    public static float[] Probabilities(byte[] model, float[] features, long[] shape, long[]? categorical, float[]? reals)
    {
        using var session = new InferenceSession(model);
        var b = shape[0];
        var names = new List<string> { "features" };
        var values = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(features, shape) };
        if (categorical is not null)
        {
            names.Add("static_categorical");
            values.Add(OrtValue.CreateTensorValueFromMemory(categorical, [b, categorical.Length / b]));
        }

        if (reals is not null)
        {
            names.Add("static_reals");
            values.Add(OrtValue.CreateTensorValueFromMemory(reals, [b, reals.Length / b]));
        }

        try
        {
            using var options = new RunOptions();
            using var outputs = session.Run(options, names, values, ["probabilities"]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var v in values)
            {
                v.Dispose();
            }
        }
    }

    /// <summary>The model's custom metadata (metadata_props).</summary>
    public static Dictionary<string, string> Metadata(byte[] model)
    {
        using var session = new InferenceSession(model);
        return new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal);
    }
}
