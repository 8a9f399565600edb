# Runs one inline_python tool call inside the sandbox. The request comes as JSON on standard input:
# {"code": ..., "function": ..., "arguments": {...}}. The answer is the last line of standard output, after the
# marker, as JSON: {"result": ...} or {"error": ..., "kind": ...}. Whatever the tool prints comes before it.
import json
import sys
import types

MARKER = "\x1eturnpoint-sandbox-answer "


def answer(body):
    sys.stdout.flush()
    sys.__stdout__.write("\n" + MARKER + json.dumps(body) + "\n")
    sys.__stdout__.flush()


def not_json(value):
    raise TypeError("the function returned a " + type(value).__name__ + ", which is not JSON")


def pick(namespace, name):
    functions = {key: value for key, value in namespace.items()
                 if isinstance(value, types.FunctionType) and value.__module__ == "__tool__"}
    if name in functions:
        return functions[name]
    if len(functions) == 1:
        return next(iter(functions.values()))
    raise LookupError("the code defines no function named '" + str(name) + "'"
                      + (" (it defines " + ", ".join(sorted(functions)) + ")" if functions else ""))


def main():
    request = json.loads(sys.stdin.read())
    sys.stdin.close()
    namespace = {"__name__": "__tool__", "__builtins__": __builtins__}
    try:
        exec(compile(request["code"], "<tool>", "exec"), namespace)
        function = pick(namespace, request.get("function"))
        result = function(**request.get("arguments", {}))
        encoded = json.dumps({"result": result}, default=not_json, allow_nan=False)
    except MemoryError:
        answer({"error": "MemoryError", "kind": "memory"})
        return
    except BaseException as e:
        answer({"error": type(e).__name__ + (": " + str(e) if str(e) else ""), "kind": "raised"})
        return
    sys.stdout.flush()
    sys.__stdout__.write("\n" + MARKER + encoded + "\n")
    sys.__stdout__.flush()


main()
