using System.Buffers;
using System.Text;
using EcommerceMl.Inference.Json;
using EcommerceMl.Inference.OpenInference;

namespace EcommerceMl.Inference.Tests.Endpoints;

/// <summary>The V2 request body read straight from its bytes, the tensor checks after it, and the answer written back.</summary>
public sealed class InferenceRequestReaderTests
{
    private static ParsedInferenceRequest? Read(string json) => InferenceRequestReader.Read(Encoding.UTF8.GetBytes(json));

    private static string Refusal(string json) => Assert.Throws<InferenceInputException>(() => Read(json)).Message;

    private static string DecodeRefusal(string json) =>
        Assert.Throws<InferenceInputException>(() => TensorDecoder.Decode(Read(json)!.Inputs, RecommendationTensors.Signature)).Message;

    [Fact]
    public void Read_AFullRequest_KeepsIdInputsAndOutputsAndIgnoresParameters()
    {
        var request = Read("""
            {"id": "r1", "parameters": {"a": [1, {"b": null}]}, "inputs": [
              {"name": "customer_id", "shape": [2], "datatype": "BYTES", "parameters": {"x": 1}, "data": ["c1", "c\u00e9"]},
              {"name": "k", "shape": [1], "datatype": "INT32", "data": [3]}],
             "outputs": [{"name": "scores", "parameters": {}}, null]}
            """)!;

        Assert.Equal("r1", request.Id);
        var customers = request.Inputs![0]!;
        Assert.Equal(("customer_id", "BYTES"), (customers.Name, customers.Datatype));
        Assert.Equal([2L], customers.Shape!);
        Assert.Equal(["c1", "cé"], customers.Data!.Select(e => e.Text));
        Assert.Equal(3, request.Inputs[1]!.Data!.Single().Integer);
        Assert.Equal(["scores", null], request.Outputs!);
    }

    [Fact]
    public void Read_NestedData_FlattensRowMajorWithEachElementsKind()
    {
        var tensor = Read("""{"inputs": [{"name": "x", "shape": [2, 3], "datatype": "FP64", "data": [[1, 2.5, -3], [true, false, "s"]]}]}""")!.Inputs![0]!;

        Assert.Equal(
            [TensorElementKind.Number, TensorElementKind.Number, TensorElementKind.Number, TensorElementKind.True, TensorElementKind.False, TensorElementKind.String],
            tensor.Data!.Select(e => e.Kind));
        Assert.Equal([1.0, 2.5, -3.0], tensor.Data!.Take(3).Select(e => e.Number));
        Assert.Equal([true, false, true], tensor.Data!.Take(3).Select(e => e.IsInteger));
        Assert.Null(tensor.DataProblem);
    }

    [Fact]
    public void Read_FieldNamesInAnyCaseAndShapeWrittenAsStrings_AreAccepted()
    {
        var tensor = Read("""{"Inputs": [{"NAME": "k", "Shape": ["1"], "DataType": "INT32", "Data": [4]}]}""")!.Inputs![0]!;

        Assert.Equal(("k", "INT32"), (tensor.Name, tensor.Datatype));
        Assert.Equal([1L], tensor.Shape!);
    }

    [Fact]
    public void Read_TheLiteralNull_IsNoRequest()
    {
        Assert.Null(Read(" null "));
    }

    [Fact]
    public void Read_ABodySplitAcrossBufferSegments_ReadsTheSameAsInOnePiece()
    {
        const string json = """{"id": "split", "inputs": [{"name": "customer_id", "shape": [3], "datatype": "BYTES", "data": ["alpha", "beta", "gamma"]}]}""";
        var bytes = Encoding.UTF8.GetBytes(json);

        for (var cut = 1; cut < bytes.Length; cut += 7)
        {
            var request = InferenceRequestReader.Read(Segments(bytes[..cut], bytes[cut..]))!;

            Assert.Equal("split", request.Id);
            Assert.Equal(["alpha", "beta", "gamma"], request.Inputs![0]!.Data!.Select(e => e.Text));
        }
    }

    [Theory]
    [InlineData("""{"inputs": [}""", "not valid JSON (line 1, byte 13)")]
    [InlineData("""{"inputs": []} trailing""", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("""{"inputs": [{"name": "k", "data": [1, 2}]}""", "not valid JSON")]
    [InlineData("""[1, 2]""", "must be a JSON object {inputs, outputs?, id?, parameters?}")]
    public void Read_MalformedJson_IsRefusedWithWhereItBroke(string json, string message)
    {
        Assert.Contains(message, Refusal(json), StringComparison.Ordinal);
    }

    // Found by fuzz/ (v2-request harness): invalid UTF-8 inside a JSON string escaped as an InvalidOperationException (a 500).
    [Theory]
    [InlineData("{\"inputs\": [{\"name\": \"k\xff\"}]}", 22)]
    [InlineData("{\"inputs\": [{\"\xc3(\": 1}]}", 14)]
    [InlineData("{\"inputs\": [{\"name\": \"customer_id\", \"datatype\": \"BYTES\", \"data\": [\"\xed\xa0\x80\"]}]}", 67)]
    [InlineData("{\"id\": \"\xf8\x88\x80\x80\x80\", \"inputs\": []}", 8)]
    public void Read_InvalidUtf8InAString_IsRefusedNamingTheByte(string latin1Body, int bytePosition)
    {
        var body = Encoding.Latin1.GetBytes(latin1Body);

        var message = Assert.Throws<InferenceInputException>(() => InferenceRequestReader.Read(body)).Message;

        Assert.Equal($"The request body is not valid UTF-8: the string at byte {bytePosition} holds bytes that are not UTF-8 text.", message);
    }

    [Theory]
    [InlineData("""{"input": []}""", "Unknown field 'input' in the request body. Accepted fields: id, parameters, inputs, outputs.")]
    [InlineData("""{"inputs": [{"name": "k", "dims": [1]}]}""", "Unknown field 'dims' in inputs[0]. Accepted fields: name, shape, datatype, parameters, data.")]
    [InlineData("""{"inputs": [], "outputs": [{"name": "scores", "binary": true}]}""", "Unknown field 'binary' in outputs[0]. Accepted fields: name, parameters.")]
    public void Read_UnknownField_IsRefusedNamingTheAcceptedOnes(string json, string message)
    {
        Assert.Equal(message, Refusal(json));
    }

    [Theory]
    [InlineData("""{"id": 42}""", "Wrong type for field 'id' at $.id (byte 8): id must be a string; got a number.")]
    [InlineData("""{"inputs": {"name": "k"}}""", "Wrong type for field 'inputs' at $.inputs")]
    [InlineData("""{"inputs": ["k"]}""", "Wrong type for field 'inputs[0]' at $.inputs[0]")]
    [InlineData("""{"inputs": [{"name": 5}]}""", "Wrong type for field 'name' at $.inputs[0].name")]
    [InlineData("""{"inputs": [{"shape": [1.5]}]}""", "Wrong type for field 'shape[0]' at $.inputs[0].shape[0]")]
    [InlineData("""{"inputs": [{"shape": 1}]}""", "shape must be a list of whole numbers")]
    [InlineData("""{"inputs": [{"datatype": ["BYTES"]}]}""", "datatype must be a string; got an array")]
    [InlineData("""{"inputs": [], "outputs": ["scores"]}""", "Wrong type for field 'outputs[0]'")]
    public void Read_FieldOfTheWrongJsonType_IsRefusedNamingTheField(string json, string message)
    {
        Assert.Contains(message, Refusal(json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "INT64", "data": [1]}]}""", "datatype INT64 is not accepted; send BYTES")]
    [InlineData("""{"inputs": [{"name": "k", "shape": [1], "datatype": "INT32", "data": ["ten"]}]}""", "inputs[0] 'k': data[0] must be a whole number from -2147483648 to 2147483647 for datatype INT32; got \"ten\".")]
    [InlineData("""{"inputs": [{"name": "k", "shape": [1], "datatype": "INT8", "data": [300]}]}""", "data[0] must be a whole number from -128 to 127 for datatype INT8; got 300.")]
    [InlineData("""{"inputs": [{"name": "k", "shape": [1], "datatype": "UINT8", "data": [1e2]}]}""", "data[0] must be a whole number from 0 to 255 for datatype UINT8; got 100.")]
    [InlineData("""{"inputs": [{"name": "customer_id", "shape": [2, 2], "datatype": "BYTES", "data": [["a", "b"], ["c"]]}]}""", "inputs[0] 'customer_id': shape [2,2] holds 4 element(s) but data has 3.")]
    [InlineData("""{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": [{"id": "c1"}]}]}""", "inputs[0] 'customer_id': data holds object values")]
    [InlineData("""{"inputs": [{"name": "customer_id", "shape": [2], "datatype": "BYTES", "data": ["c1", null]}]}""", "inputs[0] 'customer_id': data holds null values")]
    [InlineData("""{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": "c1"}]}""", "'data' is required and must be an array")]
    [InlineData("""{"inputs": [{"name": "user_id", "shape": [1], "datatype": "BYTES", "data": ["c1"]}]}""", "inputs[0]: unknown input 'user_id'. This model accepts customer_id (BYTES), product_id (BYTES), k (INT32).")]
    [InlineData("""{"inputs": [{"shape": [1], "datatype": "BYTES", "data": ["c1"]}]}""", "inputs[0]: 'name' is required.")]
    [InlineData("""{"inputs": [{"name": "customer_id", "shape": [1], "data": ["c1"]}]}""", "'datatype' is required")]
    public void Decode_TensorsThatDoNotFitTheProtocolOrTheModel_AreRefusedSayingWhatToFix(string json, string message)
    {
        Assert.Contains(message, DecodeRefusal(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_AFloatingInputOutOfRange_IsRefused()
    {
        var signature = ChurnTensors.Signature;
        var request = Read("""{"inputs": [{"name": "recency_days", "shape": [1], "datatype": "FP64", "data": [1e400]}]}""")!;

        var message = Assert.Throws<InferenceInputException>(() => TensorDecoder.Decode(request.Inputs, signature)).Message;

        Assert.Contains("data[0] must be a finite number for datatype FP64", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ValidTensors_GiveTypedValues()
    {
        var request = Read("""
            {"inputs": [{"name": "recency_days", "shape": [2], "datatype": "INT32", "data": [3, 4]},
                        {"name": "loyalty_member", "shape": [2], "datatype": "BOOL", "data": [true, false]},
                        {"name": "customer_id", "shape": [2], "datatype": "BYTES", "data": ["a", "b"]}]}
            """)!;

        var decoded = TensorDecoder.Decode(request.Inputs, ChurnTensors.Signature);

        Assert.Equal([3.0, 4.0], decoded["recency_days"].Doubles());
        Assert.Equal([true, false], decoded["loyalty_member"].Bools());
        Assert.Equal(["a", "b"], decoded["customer_id"].Strings());
    }

    [Fact]
    public void Answer_WritesTheBytesTheDocumentedResponseSerializesTo()
    {
        long[] shape = [1, 2];
        OutputTensor[] outputs =
        [
            new("item_ids", "BYTES", shape, new[] { "p\"1", "p<2>" }, Batched: true),
            new("scores", "FP32", shape, new[] { 0.1f, 1e-7f }, Batched: true),
            new("churn_probability", "FP64", [2], new[] { 0.3333333333333333, 12.0 }, Batched: true),
        ];

        foreach (var id in new[] { "req-1", null })
        {
            var documented = JsonSerializer.Serialize(
                new InferenceResponse("recs", "v1", id, [.. outputs.Select(o => o.ToResponse())]), InferenceJsonContext.Default.InferenceResponse);
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                new InferenceAnswer("recs", "v1", id, outputs).Write(writer);
            }

            Assert.Equal(documented, Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    private static ReadOnlySequence<byte> Segments(byte[] first, byte[] second)
    {
        var head = new Segment(first, 0);
        var tail = head.Append(second);
        return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
