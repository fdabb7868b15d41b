#!/usr/bin/env python3
"""Regenerates jinja2-cases.json: what Jinja2 renders for jinja2-snippets.txt and for the fixture templates on
extra conversations, set up as transformers sets it up. Needs jinja2 3.1; run from this folder with the path to
shared/fixtures/chat-templates:  python3 jinja2_cases.py /work/shared/fixtures/chat-templates
The snippets are our own; fixture templates are referenced by name, not copied."""
import datetime, json, os, sys
import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

class Raised(Exception):
    pass

def raise_exception(message):
    raise Raised(message)

env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = lambda fmt: datetime.datetime.now().strftime(fmt)

def render(source, context):
    try:
        return {"text": env.from_string(source).render(**context)}
    except Raised as e:
        return {"raised": str(e)}

TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Weather é \"now\"", "parameters": {
    "type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 1, "maximum": 1.5e-7}},
    "required": ["city"]}}}]
SNIPPET_MESSAGES = [{"role": "system", "content": "You are terse."},
                    {"role": "user", "content": "\u00a0 caf\u00e9 \u2003x\u0085 y\u00a0\n"},
                    {"role": "assistant", "content": "<think>\nstep\n</think>\n\nDone \x0b\x00 \U0001F600"}]
CONVERSATIONS = {
    "unicode-whitespace": [{"role": "user", "content": "\u00a0 caf\u00e9 \u2003x\u00a0\n"}, {"role": "assistant", "content": "\x0b r\u00e9sum\u00e9 \U0001F600 \u202f"}],
    "control-characters": [{"role": "user", "content": "\x00ctrl\x01 "}, {"role": "assistant", "content": "\x1f ok \x1c"}],
    "injection": [{"role": "user", "content": "{{ 7*7 }} {% if true %}x{% endif %} {# c #}"}, {"role": "assistant", "content": "quote ' \" \\ back\\slash"}],
    "empty": [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}],
}

def snippets(path):
    cases, current = [], None
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("### "):
            current = {"id": line[4:].split(":")[0].strip(), "lines": [], "unsupported": None}
            cases.append(current)
        elif line.startswith("!! unsupported: ") and not current["lines"]:
            current["unsupported"] = line[len("!! unsupported: "):]
        else:
            current["lines"].append(line)
    return cases

def main(fixtures):
    out = []
    for s in snippets("jinja2-snippets.txt"):
        source = "\n".join(s["lines"])
        context = {"messages": SNIPPET_MESSAGES, "add_generation_prompt": True, "bos_token": "<s>", "eos_token": "</s>",
                   "tools": TOOLS, "n": 3, "d": {"b": 1, "a": [1, None, True]}}
        case = {"id": "snippet " + s["id"], "source": source, "messages": SNIPPET_MESSAGES, "add_generation_prompt": True,
                "special_tokens": {"bos_token": "<s>", "eos_token": "</s>"}, "variables": {k: context[k] for k in ("tools", "n", "d")}}
        case["expected"] = {"unsupported": s["unsupported"]} if s["unsupported"] else render(source, context)
        out.append(case)
    for name in sorted(os.listdir(fixtures)):
        config_path = os.path.join(fixtures, name, "tokenizer_config.json")
        if not os.path.exists(config_path):
            continue
        config = json.load(open(config_path, encoding="utf-8"))
        tokens = {k: config[k] for k in ("bos_token", "eos_token") if config.get(k) is not None}
        for conversation, messages in CONVERSATIONS.items():
            for generation_prompt in (False, True):
                out.append({"id": f"{name} {conversation}{' +gen' if generation_prompt else ''}", "fixture": name,
                            "messages": messages, "add_generation_prompt": generation_prompt, "special_tokens": tokens,
                            "variables": {}, "expected": render(config["chat_template"], {
                                "messages": messages, "add_generation_prompt": generation_prompt, **tokens})})
    with open("jinja2-cases.json", "w", encoding="utf-8") as f:
        json.dump({"renderer": f"Jinja2 {jinja2.__version__}, as in jinja2_cases.py", "cases": out}, f, ensure_ascii=False, indent=1)
    print(len(out), "cases")

if __name__ == "__main__":
    main(sys.argv[1])
