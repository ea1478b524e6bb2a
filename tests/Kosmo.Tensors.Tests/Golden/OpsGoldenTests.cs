using Kosmo.Tensors;

namespace Kosmo.Tensors.Tests.Golden;

/// <summary>Every differentiable op against PyTorch 1.13: outputs and gradients of sum(output·r) within 1e-4 relative.</summary>
public sealed class OpsGoldenTests
{
    public static TheoryData<string> OpCases()
    {
        var d = new TheoryData<string>();
        foreach (var n in GoldenCase.Names(op => !op.StartsWith("optim_", StringComparison.Ordinal) && op != "clip"))
        {
            d.Add(n);
        }

        return d;
    }

    [Theory]
    [MemberData(nameof(OpCases))]
    public void Op_Should_MatchPyTorchOutputAndGradients_When_GivenGoldenInputs(string name)
    {
        // Given the golden inputs, all requiring gradients
        var c = GoldenCase.Get(name);
        var inputs = c.Element.GetProperty("inputs").EnumerateObject().ToDictionary(p => p.Name, p => GoldenCase.ToTensor(p.Value));
        foreach (var g in c.GradNames())
        {
            inputs[g].RequiresGrad = true;
        }

        // When the op runs and sum(output · r) is backpropagated
        var y = Run(c, inputs);
        var r = c.TensorAt("r");
        Ops.SumAll(Ops.Mul(y, new Tensor(r.Data, y.Shape))).Backward();

        // Then the output and every gradient match PyTorch
        y.Shape.Should().Equal(c.TensorAt("output").Shape);
        GoldenCase.ShouldMatch(y.ToArray(), c.TensorAt("output"), name + " output");
        foreach (var g in c.GradNames())
        {
            inputs[g].Grad.Should().NotBeNull($"{name}: gradient of {g}");
            GoldenCase.ShouldMatch(inputs[g].Grad!, c.Tensor("grads", g), $"{name} grad {g}");
        }
    }

    private static Tensor Run(GoldenCase c, Dictionary<string, Tensor> i) => c.Op switch
    {
        "linear" => Ops.Linear(i["x"], i["w"], i["b"]),
        "matmul" => Ops.MatMul(i["a"], i["b"]),
        "bmm" => Ops.BatchMatMul(i["a"], i["b"], c.Attr("transA") == 1, c.Attr("transB") == 1),
        "add" => Ops.Add(i["a"], i["b"]),
        "sub" => Ops.Sub(i["a"], i["b"]),
        "mul" => Ops.Mul(i["a"], i["b"]),
        "div" => Ops.Div(i["a"], i["b"]),
        "sum" => Ops.Sum(i["x"], c.Attr("axis")),
        "mean" => Ops.Mean(i["x"], c.Attr("axis")),
        "transpose" => Ops.Transpose(i["x"], c.Attr("a0"), c.Attr("a1")),
        "slice" => Ops.Slice(i["x"], c.Attr("axis"), c.Attr("start"), c.Attr("length")),
        "concat" => Ops.Concat([i["a"], i["b"]], c.Attr("axis")),
        "stack" => Ops.Stack([i["a"], i["b"]], c.Attr("axis")),
        "embedding" => Ops.Embedding(i["w"], c.Ints("ids")),
        "exp" => Ops.Exp(i["x"]),
        "log" => Ops.Log(i["x"]),
        "sqrt" => Ops.Sqrt(i["x"]),
        "elu" => Ops.Elu(i["x"]),
        "relu" => Ops.Relu(i["x"]),
        "gelu" => Ops.Gelu(i["x"]),
        "sigmoid" => Ops.Sigmoid(i["x"]),
        "tanh" => Ops.Tanh(i["x"]),
        "softmax" => Ops.Softmax(i["x"], c.Attr("causal") == 1 ? Ops.CausalMask(i["x"].Dim(-1)) : null),
        "log_softmax" => Ops.LogSoftmax(i["x"]),
        "glu" => Ops.Glu(i["x"]),
        "layernorm" => Ops.LayerNorm(i["x"], i["g"], i["b"]),
        "lstm" => Ops.Lstm(i["x"], i["h0"], i["c0"], i["w_ih"], i["w_hh"], i["b"]),
        "cross_entropy" => Ops.CrossEntropy(i["x"], c.Ints("y"), c.AttrFloats("class_weights"), c.AttrFloats("sample_weights")),
        "mse" => Ops.Mse(i["p"], i["q"]),
        "gaussian_kl" => Ops.GaussianKl(i["mu"], i["lv"]),
        "conv1d" => Ops.Conv1d(i["x"], i["w"], i["b"], c.Attr("stride"), c.Attr("padding")),
        "conv_transpose1d" => Ops.ConvTranspose1d(i["x"], i["w"], i["b"], c.Attr("stride"), c.Attr("padding")),
        "max_pool1d" => Ops.MaxPool1d(i["x"], c.Attr("kernel"), c.Attr("stride")),
        _ => throw new NotSupportedException(c.Op),
    };
}
