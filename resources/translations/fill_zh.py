"""Fill hfmanager_zh_CN.ts from the table below, then compile with pyside6-lrelease.

Usage (from the repository root):
    pyside6-lupdate $(find hfmanager/ui -name "*.py") hfmanager/app.py \
        -ts resources/translations/hfmanager_zh_CN.ts -no-obsolete
    python resources/translations/fill_zh.py
    pyside6-lrelease resources/translations/hfmanager_zh_CN.ts \
        -qm resources/translations/hfmanager_zh_CN.qm
Prints every source text that has no translation yet.

Core messages (hfmanager/core/messages_en.py: problems, doctor, estimate, load, cleanup,
verify, notices; hfmanager/core/errors.py: Hub and download failures) are not in the UI
sources lupdate reads: this script adds them under context "Messages", translated from
zh_messages.py (keyed by message code). tests/ui/test_translations.py fails on anything
left unfinished, left in English, '……' or '...', or with other placeholders.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ZH: dict[str, str] = {
    "CandidatesModel": "CandidatesModel",
    "Add download": "添加下载",
    # file_actions, file_viewer, code_consent (act where the problem is)
    "View": "查看",
    "Fetch these files again from the Hub, pinned to their commit":
        "从 Hub 重新获取这些文件，固定在其提交上",
    "This file's link is broken: its target {target} is missing. Use \"Download again\" "
    "in the file list to fetch it.":
        "此文件的链接已损坏：其目标 {target} 不存在。请在文件列表中使用“重新下载”获取它。",
    "This file links outside the cache ({target}); it was not followed.":
        "此文件链接到缓存之外（{target}），未跟随该链接。",
    "This file cannot be read: {target}": "无法读取此文件：{target}",
    "This is a binary file; it is not shown.": "这是二进制文件，不予显示。",
    "Not valid JSON ({target}); the raw text is shown.":
        "不是有效的 JSON（{target}），显示原始文本。",
    "Only the first {shown} of {size} are shown.": "仅显示 {size} 中的前 {shown}。",
    "Bytes that are not UTF-8 text are shown as \ufffd.": "非 UTF-8 文本的字节显示为 \ufffd。",
    "{name} \u2014 read only": "{name} \u2014 只读",
    "Python files in this snapshot ({n}):": "此快照中的 Python 文件（{n} 个）：",
    "Connections:": "连接数：",
    "Connections per file: files of 64 MiB or more are fetched in this many parts at "
    "once, each on its own connection. Helps when each connection is slow (a distant "
    "or throttled server)":
        "每个文件的连接数：64 MiB 及以上的文件同时分成这么多段下载，每段使用单独的连接。"
        "在单个连接很慢时（服务器较远或被限速）有帮助",
    "org/name or a Hub URL (drop one here)": "组织/名称 或 Hub 网址（可拖放到这里）",
    "org/name, a Hub URL or a file's URL (drop one here)":
        "组织/名称、Hub 网址或文件网址（可拖放到这里）",
    "Model": "模型",
    "Dataset": "数据集",
    "Space": "空间",
    "e.g. *.safetensors *.json (empty: all)": "例如 *.safetensors *.json（留空：全部）",
    "e.g. *.onnx original/*": "例如 *.onnx original/*",
    "All files": "全部文件",
    "Safetensors only (skip .bin twins)": "仅 safetensors（跳过对应的 .bin）",
    "default: {endpoint}": "默认：{endpoint}",
    "Repository:": "仓库：",
    "Type:": "类型：",
    "Revision:": "版本：",
    "Include:": "包含：",
    "Exclude:": "排除：",
    "Files:": "文件：",
    "Endpoint:": "端点：",
    "Preview": "预览",
    "File": "文件",
    "Size": "大小",
    "Press Preview to list the files and the total size.": "点击“预览”列出文件及总大小。",
    "Download": "下载",
    "Asking the Hub for the file list...": "正在向 Hub 获取文件列表…",
    "{n} files, {size} in total, commit {commit}": "{n} 个文件，共 {size}，提交 {commit}",
    "Name": "名称",
    "What": "内容",
    "Last used": "上次使用",
    "Details": "详情",
    "{0:.0f} days ago": "{0:.0f} 天前",
    "Trash unavailable": "回收站不可用",
    "The system trash refused {0} repo(s). Delete them permanently instead?":
        "系统回收站拒绝了 {0} 个仓库。改为永久删除吗？",
    "Delete permanently": "永久删除",
    "{0}/{1} files, {2} of {3}": "{0}/{1} 个文件，{2} / {3}",
    "Find what to clean": "查找可清理的内容",
    "Not used for": "未使用超过",
    " days": " 天",
    "Larger than": "大于",
    " GB": " GB",
    "Models": "模型",
    "Datasets": "数据集",
    "Spaces": "空间",
    "Detached revisions": "游离版本",
    "Partial downloads": "未完成的下载",
    "Pickle twins of safetensors weights": "与 safetensors 重复的 pickle 权重",
    "Torch hub entries": "Torch hub 条目",
    "Select &all": "全选(&A)",
    "Select &none": "全不选(&N)",
    "&Delete…": "删除(&D)…",
    "Will free: calculating…": "将释放：计算中…",
    "Will free: nothing selected": "将释放：未选择任何内容",
    "Will free {0} ({1} paths)": "将释放 {0}（{1} 个路径）",
    "Freed {0}.": "已释放 {0}。",
    "Moved {0} repo(s), {1}, to the trash.": "已将 {0} 个仓库（{1}）移到回收站。",
    "{0} path(s) could not be removed.": "{0} 个路径无法删除。",
    "Failed: {0}": "失败：{0}",
    "Delete from the cache": "从缓存中删除",
    "{0} item(s) will be deleted, freeing {1}.": "将删除 {0} 项，释放 {1}。",
    "What goes": "将删除的内容",
    "Frees": "释放",
    "Move whole repos to the trash instead of deleting (space comes back when the trash is emptied)":
        "将整个仓库移到回收站而不是直接删除（清空回收站后才会释放空间）",
    "Kept: {0} ({1})": "保留：{0}（{1}）",
    "&Delete": "删除(&D)",
    "Summary": "摘要",
    "Problems": "问题",
    "Path": "路径",
    "Size on disk": "磁盘占用",
    "{size} ({n} files)": "{size}（{n} 个文件）",
    "Library": "库",
    "Pipeline": "任务类型",
    "License": "许可证",
    "Base model": "基础模型",
    "Model type": "模型类型",
    "Architectures": "架构",
    "Dtype": "数据类型",
    "Layers": "层数",
    "Hidden size": "隐藏层维度",
    "Vocabulary": "词表大小",
    "Context length": "上下文长度",
    "Quantization": "量化",
    "Last modified": "上次修改",
    "Snapshot": "快照",
    "SHA-256 prefix": "SHA-256 前缀",
    "Owner": "所有者",
    "Repository": "仓库",
    "Ref": "引用",
    "No problems found": "未发现问题",
    "Environment check": "环境检查",
    "Check": "检查项",
    "Result and advice": "结果与建议",
    "Run checks again": "重新检查",
    "Also tests whether the endpoint answers, unless offline mode is on.":
        "同时测试端点是否响应（离线模式下除外）。",
    "Copy report": "复制报告",
    "Checking…": "正在检查…",
    "Endpoint": "端点",
    "Offline mode": "离线模式",
    "sudo": "sudo",
    "Proxies": "代理",
    "Hub cache": "Hub 缓存",
    "HF_HOME": "HF_HOME",
    "Torch hub cache": "Torch hub 缓存",
    "Hugging Face token": "Hugging Face 令牌",
    "Libraries": "库版本",
    "Cache layout": "缓存结构",
    "Endpoint reachable": "端点可达",
    "Warnings: {0}, errors: {1}": "警告：{0}，错误：{1}",
    "Status": "状态",
    "Progress": "进度",
    "Speed": "速度",
    "ETA": "剩余时间",
    "Message": "消息",
    "stalled": "停滞",
    "queued": "排队中",
    "downloading": "下载中",
    "paused": "已暂停",
    "done": "已完成",
    "failed": "失败",
    "cancelled": "已取消",
    "{h} h {m} min": "{h} 小时 {m} 分",
    "{m} min {s} s": "{m} 分 {s} 秒",
    "{s} s": "{s} 秒",
    "< 1 s": "< 1 秒",
    "File in progress": "正在下载的文件",
    "Done": "已完成",
    "Add a repository with the + button, or drop a Hub URL here.":
        "用 + 按钮添加仓库，或将 Hub 网址拖放到这里。",
    "Add...": "添加…",
    "Pause": "暂停",
    "Resume": "继续",
    "Cancel": "取消",
    "Move up": "上移",
    "Move down": "下移",
    "Pause all": "全部暂停",
    "Resume all": "全部继续",
    "Clear history": "清除历史",
    "How many downloads run at the same time": "同时进行的下载数",
    "unlimited": "不限",
    " KB/s": " KB/s",
    # issue 12 (sizes that agree, honest status, small ones)
    " KiB/s": " KiB/s",
    " GiB": " GiB",
    "Frees {frees} on its own; {size} in all (the rest is shared with other revisions or "
    "repos)": "单独删除可释放 {frees}；共 {size}（其余部分与其他修订或仓库共享）",
    "{0} · Not checked": "{0} · 未检查",
    "{0} · Not reachable": "{0} · 无法访问",
    "not checked yet: Environment > Test endpoint": "尚未检查：环境 > 测试端点",
    "answered": "有响应",
    "did not answer": "无响应",
    "Endpoint: {0} ({1})\nOffline: {2} {3}\nLast check: {4}\nClick for details.":
        "端点：{0}（{1}）\n离线：{2} {3}\n上次检查：{4}\n点击查看详情。",
    "{shown} of {n} shown": "显示 {shown} / {n}",
    "No file manager could open the folder. Its path is copied to the clipboard:\n{path}":
        "没有文件管理器能打开该文件夹。其路径已复制到剪贴板：\n{path}",
    "chosen in Environment": "在“环境”中选择",
    "HF_ENDPOINT": "HF_ENDPOINT",
    "the official Hub": "官方 Hub",
    "typed above": "上方输入",
    "the host of the URL": "URL 的主机",
    "Downloads from {host} ({why})": "从 {host} 下载（{why}）",
    # add_download: endpoints in order (issue 13)
    "Endpoints:": "端点：",
    ", then from {hosts} for what it misses": "，缺少的文件再从 {hosts} 获取",
    "Endpoints in order, separated by commas: a file (or the file list) that one misses is "
    "fetched from the next. Every file is checked against the Hub's hash.":
        "按顺序排列的端点，用逗号分隔：某个端点缺少的文件（或文件列表）会从下一个端点获取。"
        "每个文件仍会按 Hub 的哈希校验。",
    "Saves {name} from {host} to {folder}": "从 {host} 下载 {name}，保存到 {folder}",
    "checked against the SHA-256 prefix {prefix} in its name":
        "按文件名中的 SHA-256 前缀 {prefix} 校验",
    "no hash in its name: saved unchecked": "文件名中没有哈希：不校验直接保存",
    "offline mode is on: nothing will be fetched": "离线模式已开启：不会获取任何内容",
    "Bandwidth cap for all downloads together": "所有下载合计的带宽上限",
    "Jobs:": "任务数：",
    "Limit:": "限速：",
    "Download finished": "下载完成",
    "Download failed": "下载失败",
    "{repo}: {error}": "{repo}：{error}",
    "Downloads": "下载",
    "Your model caches are empty": "你的模型缓存是空的",
    "hfmanager shows what the Hugging Face libraries (transformers, diffusers, datasets, huggingface_hub) and torch.hub have downloaded to this computer. Nothing is there yet: download a model, or add a folder that holds a cache.":
        "hfmanager 展示 Hugging Face 各库（transformers、diffusers、datasets、huggingface_hub）"
        "和 torch.hub 下载到这台电脑上的内容。目前还没有任何内容：请下载一个模型，或添加一个包含缓存的文件夹。",
    "&Add a cache folder...": "添加缓存文件夹(&A)…",
    "&Scan again": "重新扫描(&S)",
    "{kind} cache, chosen by {source}": "{kind} 缓存，由 {source} 决定",
    "(does not exist)": "（不存在）",
    "Where we looked:": "查找过的位置：",
    "Hub endpoint": "Hub 端点",
    "Remove": "移除",
    "Forget this custom endpoint": "删除这个自定义端点",
    "Download from:": "下载来源：",
    "https://hub.example.org": "https://hub.example.org",
    "Add endpoint": "添加端点",
    "Custom:": "自定义：",
    "Send my Hugging Face token to mirrors too": "也向镜像站发送我的 Hugging Face 令牌",
    "By default the token saved by `hf auth login` goes only to the official Hub.":
        "默认情况下，`hf auth login` 保存的令牌只发送给官方 Hub。",
    "Test endpoint": "测试端点",
    "Network": "网络",
    "Offline mode: make no network request at all": "离线模式：完全不发起网络请求",
    "HTTP proxy:": "HTTP 代理：",
    "HTTPS proxy:": "HTTPS 代理：",
    "From the environment (HF_ENDPOINT): {0}": "来自环境变量（HF_ENDPOINT）：{0}",
    "Default: the official Hub": "默认：官方 Hub",
    "Hugging Face (official)": "Hugging Face（官方）",
    "hf-mirror.com (mirror)": "hf-mirror.com（镜像）",
    "{0} — {1}": "{0} — {1}",
    "Custom…": "自定义…",
    "chosen here": "在此处选择",
    "set for a job": "为某个任务设置",
    "from HF_ENDPOINT in your environment": "来自环境变量 HF_ENDPOINT",
    "default": "默认",
    "In use: {0} ({1})": "正在使用：{0}（{1}）",
    "Offline mode is forced by {0} in the environment; unset it to go online.":
        "环境变量 {0} 强制开启了离线模式；取消设置后才能联网。",
    "Offline mode is on: nothing is sent.": "离线模式已开启：不会发送任何请求。",
    "from the environment: {0}": "来自环境变量：{0}",
    "none (direct connection)": "无（直接连接）",
    "Leave empty to use the environment's proxy. No proxy for: {0}":
        "留空则使用环境变量中的代理。不走代理的地址：{0}",
    "Leave empty to use the environment's proxy (HTTP_PROXY / HTTPS_PROXY).":
        "留空则使用环境变量中的代理（HTTP_PROXY / HTTPS_PROXY）。",
    "That is not an endpoint address; it should look like https://hub.example.org":
        "这不是端点地址；格式应类似 https://hub.example.org",
    "Testing {0}…": "正在测试 {0}…",
    "Reachable: {0} ms": "可达：{0} 毫秒",
    "Not reachable: the server name could not be found (DNS).": "不可达：无法解析服务器名称（DNS）。",
    "Not reachable: the connection was refused.": "不可达：连接被拒绝。",
    "Not reachable: no answer in time.": "不可达：响应超时。",
    "Not reachable: the TLS certificate could not be verified.": "不可达：无法验证 TLS 证书。",
    "Not reachable: the proxy failed ({0}).": "不可达：代理出错（{0}）。",
    "The server answered HTTP {0}.": "服务器返回 HTTP {0}。",
    "Not reachable: {0}": "不可达：{0}",
    "Weights": "权重",
    "Shard index": "分片索引",
    "Config": "配置",
    "Tokenizer": "分词器",
    "Custom code": "自定义代码",
    "Docs": "文档",
    "Other": "其他",
    "Kind": "种类",
    "{group} ({n})": "{group}（{n}）",
    "blob {blob}": "blob {blob}",
    "Search repos (Ctrl+F)": "搜索仓库（Ctrl+F）",
    "Hugging Face": "Hugging Face",
    "Torch hub": "Torch hub",
    "Hugging Face ({n})": "Hugging Face（{n}）",
    "Torch hub ({n})": "Torch hub（{n}）",
    "Open folder": "打开文件夹",
    "Copy path": "复制路径",
    "Copy repo ID": "复制仓库 ID",
    "Open on the Hub": "在 Hub 上打开",
    "Select a model in the library.": "请在库中选择一个模型。",
    "Refresh": "刷新",
    "List devices again (also asks torch about Apple MPS and GPUs NVML cannot see)":
        "重新列出设备（也会向 torch 查询 Apple MPS 以及 NVML 看不到的 GPU）",
    "Model:": "模型：",
    "Device:": "设备：",
    "Data type:": "数据类型：",
    "Python:": "Python：",
    "Estimate (from file headers, nothing loaded)": "估算（基于文件头，不加载任何内容）",
    "Test load": "试加载",
    "History": "历史",
    "{model}  ·  loads as: {strategy}": "{model}  ·  加载方式：{strategy}",
    "No estimate: {error}": "无法估算：{error}",
    "Allow this repo's code?": "允许运行此仓库的代码吗？",
    "Loading {model} runs Python code from the repo itself. Read these files first; allowing applies to this commit only.":
        "加载 {model} 会运行仓库自带的 Python 代码。请先阅读这些文件；授权仅对当前提交有效。",
    "(no .py files in this snapshot)": "（此快照中没有 .py 文件）",
    "Allow and load": "允许并加载",
    "Not loaded: remote code was not allowed.": "未加载：未允许运行远程代码。",
    "Loading in a separate process...": "正在独立进程中加载…",
    "Cancelling...": "正在取消…",
    "Loaded.": "已加载。",
    "Hugging Face cache manager": "Hugging Face 缓存管理器",
    "&Refresh": "刷新(&R)",
    "Scan the caches again (F5)": "重新扫描缓存（F5）",
    "&Add cache folder...": "添加缓存文件夹(&A)…",
    "&Quit": "退出(&Q)",
    "&File": "文件(&F)",
    "&View": "视图(&V)",
    "&Help": "帮助(&H)",
    "&About hfmanager": "关于 hfmanager(&A)",
    "Main": "主工具栏",
    "&Language": "语言(&L)",
    "System default": "跟随系统",
    "Scanning...": "正在扫描…",
    "Scan failed: {message}": "扫描失败：{message}",
    "Scanned in {s:.1f} s": "扫描用时 {s:.1f} 秒",
    "{n} repos, {t} torch files · {size}": "{n} 个仓库，{t} 个 torch 文件 · {size}",
    "Free: {size}": "可用：{size}",
    "Add a cache folder": "添加缓存文件夹",
    "Language": "语言",
    "The new language applies the next time hfmanager starts.": "新语言将在下次启动 hfmanager 时生效。",
    "About hfmanager": "关于 hfmanager",
    "<b>hfmanager {version}</b><p>See, check, clean and fill the Hugging Face and PyTorch model caches.</p>":
        "<b>hfmanager {version}</b><p>查看、检查、清理和下载 Hugging Face 与 PyTorch 模型缓存。</p>",
    "{0} · Offline": "{0} · 离线",
    "{0} · Online": "{0} · 在线",
    "Endpoint: {0} ({1})\nOffline: {2} {3}\nClick for details.": "端点：{0}（{1}）\n离线：{2} {3}\n点击查看详情。",
    "yes": "是",
    "no": "否",
    "Pick a python executable (a venv or conda env)": "选择一个 Python 解释器（venv 或 conda 环境）",
    "Choose a Python interpreter": "选择 Python 解释器",
    "Checking {path}...": "正在检查 {path}…",
    "Python {version}: torch is not installed here, so a test load cannot run in it. "
    "Install it into this Python ({command}), or pick one that has it.":
        "Python {version}：这里没有安装 torch，无法在其中试加载。请把 torch 装进这个 Python"
        "（{command}），或选择一个已安装 torch 的 Python。",
    "Python {version} · torch {torch} · transformers {tf}": "Python {version} · torch {torch} · transformers {tf}",
    "not installed": "未安装",
    "(detached)": "（游离）",
    "Select a repo to see its revisions and files.": "选择一个仓库以查看它的版本和文件。",
    "&Revision:": "版本(&R)：",
    "Files": "文件",
    "1 revision": "1 个版本",
    "{n} revisions": "{n} 个版本",
    "{type} · {size} · {revisions}": "{type} · {size} · {revisions}",
    "Detached: no branch or tag points here": "游离：没有分支或标签指向这里",
    "torch hub · {size}": "torch hub · {size}",
    "Type": "类型",
    "Repo": "仓库",
    "Revisions": "版本数",
    "Health": "健康状况",
    "OK": "正常",
    "1 problem": "1 个问题",
    "{n} problems": "{n} 个问题",
    "{n} bytes": "{n} 字节",
    "Last used {used}\nLast modified {modified}": "上次使用 {used}\n上次修改 {modified}",
    "Checkpoint": "检查点",
    "Code": "代码",
    "Verify files (offline, against their hashes)": "校验文件（离线，比对哈希）",
    "Verify &all": "全部校验(&A)",
    "&Cancel": "取消(&C)",
    "Delete corrupt file…": "删除损坏的文件…",
    "Download again": "重新下载",
    "Not verified yet.": "尚未校验。",
    "Verifying {0} repo(s)…": "正在校验 {0} 个仓库…",
    "Verifying every cached file…": "正在校验所有缓存文件…",
    "{0} OK, {1} corrupt, {2} unverifiable, {3} errors; hashed {4} in {5:.1f} s":
        "{0} 个正常，{1} 个损坏，{2} 个无法校验，{3} 个错误；{5:.1f} 秒内计算了 {4} 的哈希",
    "Cancelled.": "已取消。",
    "Verification failed: {0}": "校验失败：{0}",
    "Expected": "期望值",
    "Actual": "实际值",
    "Corrupt": "已损坏",
    "Unverifiable": "无法校验",
    "Error": "错误",
    "1 minute ago": "1 分钟前",
    "{n} minutes ago": "{n} 分钟前",
    "1 hour ago": "1 小时前",
    "{n} hours ago": "{n} 小时前",
    "1 day ago": "1 天前",
    "{n} days ago": "{n} 天前",
    "1 month ago": "1 个月前",
    "{n} months ago": "{n} 个月前",
    "1 year ago": "1 年前",
    "{n} years ago": "{n} 年前",
    "just now": "刚刚",
    "unknown": "未知",
    "Environment": "环境",
    "Cleanup": "清理",
    "Delete…": "删除…",
    "Delete revision {0}…": "删除版本 {0}…",
    "Verify files": "校验文件",
    # huggingface_hub 2.x's shared blob store, partial snapshots
    "Orphaned shared files": "孤立的共享文件",
    "Files of the shared blob store that no cached repo uses any more":
        "共享 blob 存储中已没有任何缓存仓库使用的文件",
    "Shared blob store: {n} files, {size}, each counted once in the total":
        "共享 blob 存储：{n} 个文件，{size}，每个文件在总量中只计一次",
    "{n} orphaned, {size} used by no repo: <a href=\"clean\">Clean up…</a>":
        "{n} 个孤立文件，{size} 无仓库使用：<a href=\"clean\">清理…</a>",
    "Download the rest": "下载其余文件",
    "Partial snapshot: {n} of {m} files of this commit are cached.":
        "不完整的快照：此提交的 {m} 个文件中已缓存 {n} 个。",
    "Partial {n}/{m}": "部分 {n}/{m}",
    "{size} of it is in the shared blob store, counted once in the total however many "
    "repos use it": "其中 {size} 位于共享 blob 存储，无论多少仓库使用，在总量中只计一次",
    "{0} damaged file(s) in the shared blob store, used by {1} repo(s).":
        "共享 blob 存储中有 {0} 个损坏的文件，被 {1} 个仓库使用。",
    # Status-bar notice and its dialog (ui/notices.py); failures on Environment, Test load.
    "\u26a0 <a href=\"#\">{n} problem(s) with hfmanager's own files</a>":
        "\u26a0 <a href=\"#\">hfmanager 自身文件有 {n} 个问题</a>",
    "hfmanager": "hfmanager",
    "Some of hfmanager's own files were broken or could not be used. The app repaired "
    "what it could and opened anyway:":
        "hfmanager 自身的部分文件已损坏或无法使用。程序已尽量修复，并照常启动：",
    "The checks failed: {0}": "检查失败：{0}",
    "Could not list devices: {error}": "无法列出设备：{error}",
    "; ": "；", "this app": "本应用", "added by you": "你添加的", "{name} ({source})": "{name}（{source}）",
}

# Strings other parts of the app added (translated by the owner of this file).
ZH.update({
    "Frees {frees} on its own; {size} in all (the rest is shared with other revisions or "
    "repos)": "单独删除可释放 {frees}；总共 {size}（其余部分与其他版本或仓库共享）",
    " GiB": " GiB", " KiB/s": " KiB/s",
    "{shown} of {n} shown": "显示 {shown} / {n} 个",
    "No file manager could open the folder. Its path is copied to the clipboard:\n{path}":
        "没有文件管理器能打开此文件夹。其路径已复制到剪贴板：\n{path}",
    "{0} · Not checked": "{0} · 未检查", "{0} · Not reachable": "{0} · 不可达",
    "not checked yet: Environment > Test endpoint": "尚未检查：环境 > 测试端点",
    "answered": "有响应", "did not answer": "无响应",
    "Endpoint: {0} ({1})\nOffline: {2} {3}\nLast check: {4}\nClick for details.":
        "端点：{0}（{1}）\n离线：{2} {3}\n上次检查：{4}\n点击查看详情。",
    "the app's switch": "应用内开关", "default": "默认", "settings": "应用设置",
    "environment": "环境变量 HF_ENDPOINT", "job": "此任务",
    "&Theme": "主题(&T)", "System": "跟随系统", "Light": "浅色", "Dark": "深色",
})


# Strings pyside6-lupdate misses: ``obj.tr()`` on a local variable (lupdate takes the
# variable name as the context; at run time it is the class name) and an aliased
# ``QCoreApplication.translate``. Added under the context used at run time.
EXTRA: list[tuple[str, str]] = [
    ("LoadTestPanel", "Test load"), ("EnvironmentView", "Environment"),
    ("CleanupView", "Cleanup"), ("CleanupView", "Delete…"),
    ("CleanupView", "Delete revision {0}…"), ("CleanupView", "Verify files"),
    ("CandidatesModel", "Whole repo"), ("CandidatesModel", "Revision"),
    ("CandidatesModel", "File"), ("CandidatesModel", "Partial download"),
    ("CandidatesModel", "Torch hub"), ("CandidatesModel", "Orphaned shared file"),
]
ZH.update({"Whole repo": "整个仓库", "Revision": "版本", "Partial download": "未完成的下载",
           "Orphaned shared file": "孤立的共享文件"})

# loadtest_card.py's ``_tr`` alias of QCoreApplication.translate("LoadTest", ...).
LOADTEST: dict[str, str] = {
    "Starting": "正在启动", "Reading config": "正在读取配置", "Building": "正在构建",
    "Loading weights": "正在加载权重", "Measuring": "正在测量", "unknown": "未知",
    "Fits: needs about {need} of {free} free.": "可以容纳：约需 {need}，可用 {free}。",
    "Tight: needs about {need} of {free} free (over 85%).":
        "偏紧：约需 {need}，可用 {free}（超过 85%）。",
    "Will not fit: needs about {need}, only {free} free.":
        "放不下：约需 {need}，仅剩 {free} 可用。",
    "Needs about {need}; free memory unknown.": "约需 {need}；可用内存未知。",
    "{spec}: {name} ({free} free)": "{spec}：{name}（可用 {free}）",
    "pid {pid} {name}: {used}": "pid {pid} {name}：{used}",
    "Parameters: {params}  ·  stored: {stored}": "参数量：{params}  ·  存储：{stored}",
    "Weights as {dtype}: {size}": "按 {dtype} 计的权重：{size}",
    "+ CUDA context: about {size} (an approximation; it varies by GPU and driver)":
        "+ CUDA 上下文：约 {size}（近似值；随 GPU 和驱动而不同）",
    "Approximate: pickle weights are sized without unpickling them.":
        "近似值：pickle 权重的大小未经反序列化估算。",
    "Figure": "指标", "Estimate": "估算", "Measured": "实测",
    "Class / strategy": "类 / 加载方式", "Parameters": "参数量", "Trainable": "可训练参数",
    "Parameter bytes by dtype": "各数据类型的参数字节数",
    "Buffer bytes by dtype": "各数据类型的缓冲区字节数",
    "Weights in memory": "内存中的权重", "GPU allocated": "GPU 已分配",
    "GPU peak allocated": "GPU 峰值分配", "GPU reserved": "GPU 已保留",
    "GPU process total (NVML, with context)": "GPU 进程总占用（NVML，含上下文）",
    "weights + about {ctx}": "权重 + 约 {ctx}",
    "Host memory (anonymous RSS)": "主机内存（匿名 RSS）",
    "{total} (+{delta} for the load)": "{total}（加载占用 +{delta}）",
    "Load time": "加载用时", "Read throughput": "读取吞吐量", "{rate}/s": "{rate}/s",
    "Missing keys": "缺失的键", "Unexpected keys": "多余的键", "none": "无", "Note": "备注",
    "When": "时间", "Device": "设备", "Data type": "数据类型", "Memory": "内存",
    "Outcome": "结果", "loaded: {cls}, {n} params": "已加载：{cls}，{n} 个参数",
    "failed: {message}": "失败：{message}",
    # failure_headlines(): a translated headline before the worker's own (library) words
    "A library the load needs is missing": "缺少加载所需的库",
    "This repo needs its own Python code (trust_remote_code)":
        "此仓库需要运行它自带的 Python 代码（trust_remote_code）",
    "Refused: the weights file asks to run code": "已拒绝：权重文件要求运行代码",
    "The weights file holds no state dict": "权重文件中没有 state dict",
    "No weights file found": "未找到权重文件", "Out of GPU memory": "GPU 显存不足",
    "Out of host memory": "主机内存不足", "The snapshot cannot be loaded as it is": "此快照无法直接加载",
    "The load request was refused": "加载请求被拒绝", "The load failed": "加载失败",
    "{headline}: {message}": "{headline}：{message}",
    "The chosen device is not available to this Python": "所选设备在这个 Python 中不可用",
    "Quantization needs a CUDA GPU and bitsandbytes": "量化需要 CUDA GPU 和 bitsandbytes",
    "Smoke pass": "试运行",
    "flash_attention_2 needs a CUDA GPU and flash_attn": "flash_attention_2 需要 CUDA GPU 和 flash_attn",
    "The class given cannot be imported": "无法导入所给的类",
    "The class given cannot be built from this config": "无法用此配置构建所给的类",
    # the worker's fixed notes (hfmanager/workers), shown in the result card
    "accelerate is not installed: loaded on the CPU, then moved":
        "未安装 accelerate：先加载到 CPU，再移到设备上",
    "diffusers is not installed: loading the raw state dicts instead":
        "未安装 diffusers：改为加载原始 state dict",
    "sentence-transformers is not installed: falling back":
        "未安装 sentence-transformers：使用后备方式",
    "timm is not installed: loading the raw state dict instead": "未安装 timm：改为加载原始 state dict",
    "transformers is not installed: loading the raw state dict instead":
        "未安装 transformers：改为加载原始 state dict",
    "config.json names no transformers model (PyTorchModelHubMixin-style or custom): "
    "loading the raw state dict":
        "config.json 未指明 transformers 模型（PyTorchModelHubMixin 风格或自定义）：加载原始 state dict",
    # issue 14: loading options' notes, smoke-pass reasons, result rows
    "device map auto: only the CPU is visible here, so the whole model loaded on the CPU":
        "设备映射 auto：这里只能看到 CPU，因此整个模型加载到了 CPU 上",
    "device map names only the CPU: the whole model loaded on the CPU":
        "设备映射只列出了 CPU：整个模型加载到了 CPU 上",
    "low_cpu_mem_usage: transformers 5 always loads this way; the flag changes nothing":
        "low_cpu_mem_usage：transformers 5 总是这样加载；此选项不起作用",
    "a raw state dict has no forward pass; name its class with --class module:Name":
        "原始 state dict 没有前向计算；请用 --class module:Name 指定它的类",
    "diffusers pipelines are not run by the smoke pass": "试运行不运行 diffusers 管线",
    "Placed on": "放置位置", "Device map": "设备映射", "Quantization": "量化",
    "Attention": "注意力实现", "not run: {why}": "未运行：{why}",
    "generated {n} tokens": "生成了 {n} 个 token",
    "{what} from {n} input tokens: output {shape}": "{what}，输入 {n} 个 token：输出 {shape}",
    "Smoke pass time": "试运行用时", "{seconds} s, {rate} tokens/s": "{seconds} 秒，{rate} token/秒",
    "GPU {gpu}, host {host}": "GPU {gpu}，主机 {host}",
    "Smoke pass peak memory": "试运行峰值内存", "Generated text": "生成的文本",
}
EXTRA += [("LoadTest", source) for source in LOADTEST]
ZH.update({  # issue 14: the Test load tab's loading options (ui/views/loadtest_options.py)
    "None": "无", "Default": "默认", "Off": "关闭", " tokens": " 个 token",
    "bitsandbytes quantization: needs a CUDA GPU and bitsandbytes. A repo that is already "
    "quantized loads with its own method.":
        "bitsandbytes 量化：需要 CUDA GPU 和 bitsandbytes。已量化的仓库按它自己的方式加载。",
    "the device above": "上面选择的设备",
    "auto, one device (cuda:1), several (cuda:0,cuda:1) or caps with CPU offload "
    "(cuda:0=10GiB,cpu=32GiB)":
        "auto、单个设备（cuda:1）、多个设备（cuda:0,cuda:1），或带上限和 CPU 卸载"
        "（cuda:0=10GiB,cpu=32GiB）",
    "low_cpu_mem_usage": "low_cpu_mem_usage",
    "After loading, a forward pass on this many tokens (causal LMs also generate a few "
    "tokens)": "加载后，用这么多 token 做一次前向计算（因果语言模型还会生成几个 token）",
    "module:Name (optional)": "module:Name（可选）",
    "Load through your own class's from_pretrained (a PyTorchModelHubMixin class), imported "
    "by the chosen Python": "通过你自己的类的 from_pretrained 加载（PyTorchModelHubMixin 类），由所选 Python 导入",
    "Quantize:": "量化：", "Device map:": "设备映射：", "Attention:": "注意力实现：",
    "Smoke pass:": "试运行：", "Class:": "类：",
})
# Issue 14: the run-time estimate (ui/views/loadtest_runtime.py; its ``_tr`` is "LoadTest").
LOADTEST_RUNTIME: dict[str, str] = {
    "fits": "可以容纳", "tight (over 85%)": "偏紧（超过 85%）", "will not fit": "放不下",
    "free memory unknown": "可用内存未知",
    "No run-time estimate: {error}": "无运行时估算：{error}",
    "Weights ({mode}): {size}; kept unquantized: {kept}":
        "权重（{mode}）：{size}；保持不量化：{kept}",
    "KV cache at {n} tokens: {size} ({layers} layers, {heads} KV heads, head dim {dim})":
        "{n} 个 token 的 KV 缓存：{size}（{layers} 层，{heads} 个 KV 头，头维度 {dim}）",
    "Activations, batch 1 (rough bound): {size}": "激活值，批大小 1（粗略上限）：{size}",
    "{device}: <b style='color:{color}'>{status}</b>: needs {need} of {free} free":
        "{device}：<b style='color:{color}'>{status}</b>：需要 {need}，可用 {free}",
    "Weights with the options": "按所选选项的权重",
    "KV cache at {n} tokens": "{n} 个 token 的 KV 缓存",
    "Peak during the pass": "前向计算期间的峰值",
    # estimate beside measurement per figure (figures.py), history options and errors
    "KV cache at {n} tokens (the pass)": "试运行的 {n} 个 token 的 KV 缓存",
    "Peak during the pass (GPU allocated)": "试运行期间的峰值（GPU 已分配）",
    "Peak during the pass (weights + host memory the pass added)":
        "试运行期间的峰值（权重 + 试运行新增的主机内存）",
    "Peak during the pass (process, with Python and libraries)":
        "试运行期间的峰值（整个进程，含 Python 和库）",
    "not measured": "未实测",
    "Options": "选项", "Measured / estimated": "实测 / 估算",
    "weights": "权重", "KV cache": "KV 缓存", "peak": "峰值",
    "{figure} x{mean} over {n} runs": "{figure} x{mean}（{n} 次运行）",
    "Estimate error for {arch} (measured / estimated, all runs): {figures}":
        "{arch} 的估算误差（实测 / 估算，全部运行）：{figures}",
    "Quantization applies to transformers models only": "量化只适用于 transformers 模型",
}
EXTRA += [("LoadTest", source) for source in LOADTEST_RUNTIME]
ZH.update(LOADTEST_RUNTIME)
ZH.update({  # RuntimeEstimateBox's and the panel's self.tr()
    "Not counted": "不计算", "Context:": "上下文：",
    "Count the KV cache and activations for this many tokens (batch 1)":
        "按这么多 token 计算 KV 缓存和激活值（批大小 1）",
})
# Issue 13.2: Import folder / Export snapshot (ui/dialogs/import_dialog.py, export_dialog.py,
# ui/views/transfer_actions.py).
ZH.update({
    "&Import folder...": "导入文件夹(&I)…",
    "Put a folder of downloaded files into the cache": "把下载好的文件夹放进缓存",
    "Export snapshot...": "导出快照…",
    "Import folder": "导入文件夹",
    "Put files you downloaded by hand (a browser, a colleague's disk) into the cache, so that "
    "loaders find them by the repo id, also offline.":
        "把手动下载的文件（浏览器、同事的硬盘）放进缓存，让加载器按仓库 ID 找到它们，离线也可以。",
    "Browse...": "浏览…",
    "the folder with config.json, weights...": "包含 config.json、权重等文件的文件夹",
    "Folder:": "文件夹：",
    "org/name, as on the Hub": "org/name，与 Hub 上一致",
    "Repo id:": "仓库 ID：",
    "Copy (the folder stays as it is)": "复制（文件夹保持不变）",
    "Hard link (no extra space, same drive)": "硬链接（不占额外空间，需同一磁盘）",
    "Move (the folder is emptied)": "移动（文件夹会被清空）",
    "Do not ask the Hub (a local revision)": "不询问 Hub（本地版本）",
    "Online, the files are checked against the Hub's list for the revision and take its "
    "commit; a file the Hub does not have is reported and left out.":
        "在线时，文件会与 Hub 上该版本的文件列表核对并采用其提交；Hub 上没有的文件会被报告并跳过。",
    "&Import": "导入(&I)",
    "Choose a folder that exists.": "请选择一个存在的文件夹。",
    "Give the repo id the files belong to (org/name).": "请填写这些文件所属的仓库 ID（org/name）。",
    "Hashing %p%": "计算哈希 %p%",
    "Placing %p%": "放入缓存 %p%",
    "Nothing was imported; the folder is as it was: %1": "没有导入任何文件，文件夹保持原样：%1",
    "a local revision %1 (not checked against the Hub)": "本地版本 %1（未与 Hub 核对）",
    "commit %1": "提交 %1",
    "(the Hub could not be asked: %1)": "（无法询问 Hub：%1）",
    "Imported %1 file(s), %2, as %3.": "已导入 %1 个文件，%2，作为%3。",
    "Nothing was imported.": "没有导入任何文件。",
    "its content differs from the Hub's": "内容与 Hub 上的不同",
    "the revision has no such file": "该版本中没有这个文件",
    "not a valid file name in a repo": "不是仓库中有效的文件名",
    "Not imported: %1 (%2)": "未导入：%1（%2）",
    "...and %1 more not imported": "…另有 %1 个未导入",
    "The revision has %1 more file(s) that are not in the folder.":
        "该版本还有 %1 个文件不在这个文件夹中。",
    "Export snapshot": "导出快照",
    "Copy %1 out of the cache as a plain folder of files, for apps that want one.":
        "把 %1 从缓存中复制成普通文件夹，供需要文件夹的应用使用。",
    "a new or empty folder": "新的或空的文件夹",
    "To folder:": "导出到：",
    "Export to": "导出到",
    "Copy (shares space where the drive can)": "复制（磁盘支持时共享空间）",
    "Hard links (no extra space; editing edits the cache)":
        "硬链接（不占额外空间；修改会改动缓存）",
    "&Export": "导出(&E)",
    "Choose the folder to export to.": "请选择要导出到的文件夹。",
    "The export stopped: %1": "导出已中止：%1",
    "Exported %1 file(s), %2, to %3.": "已导出 %1 个文件，%2，到 %3。",
})
# Issue 13.2: the commit search (ui/dialogs/import_dialog.py) and reconcile from the
# window (ui/dialogs/reconcile_dialog.py, ui/views/transfer_actions.py).
ZH.update({
    "; no commit examined has it": "；检查过的提交中都没有它",
    "The files are an older commit than the revision's head (%1), found among %2 commits.":
        "这些文件属于比该版本最新提交（%1）更早的提交，在 %2 个提交中找到。",
    "No ref points to it: load it with revision=\"%1\".":
        "没有引用指向它：请用 revision=\"%1\" 加载。",
    "Only the newest %1 commits were examined.": "只检查了最新的 %1 个提交。",
    "The commit search stopped early: %1": "提交搜索提前停止：%1",
    "The local revision %1 is replaced.": "本地版本 %1 已被替换。",
    "Reconcile with the Hub": "与 Hub 核对",
    "%1 has a local revision %2, imported without the Hub. Check its files against the "
    "Hub's commits: when the Hub has them all, its commit replaces the local revision.":
        "%1 有一个未经 Hub 核对而导入的本地版本 %2。将其文件与 Hub 的提交核对：Hub "
        "上全部都有时，用该提交替换本地版本。",
    "&Reconcile": "核对(&R)",
    "Checking %p%": "正在核对 %p%",
    "The local revision stays: %1": "本地版本保留：%1",
    "The local revision stays: the Hub does not have all of its files.":
        "本地版本保留：Hub 上没有它的全部文件。",
    "Reconcile with the Hub...": "与 Hub 核对…",
    "Check the files of this local revision against the Hub's commits and take the commit "
    "they are": "将这个本地版本的文件与 Hub 的提交核对，并采用它们所属的提交",
})
# Issue 13.4: mirrors that fall back (ui/views/download_sources.py, endpoint_rank.py,
# fallback_fields.py, the Downloads page's files list and "Rank endpoints").
ZH.update({
    "From": "来源", "Fallback": "回退原因", "Rank endpoints": "端点测速排序",
    "not found there": "该处没有此文件", "access denied there": "该处拒绝访问",
    "server errors": "服务器错误", "wrong content (hash)": "内容不符（哈希）",
    "wrong size": "大小不符", "sent to Xet storage": "被重定向到 Xet 存储",
    "failed there": "该处失败", "(file list)": "（文件列表）",
    "{n}. {url}: {ms} ms": "{n}. {url}：{ms} 毫秒",
    "{n}. {url}: not reachable": "{n}. {url}：无法连接",
    "Endpoints, fastest first": "端点（最快的在前）", "Use this order": "使用这个顺序",
    "When the endpoint above misses a file (not found, server errors, a stall, a wrong size "
    "or hash, a redirect into Xet storage), that file alone is fetched from these, in order. "
    "Every file is still checked against the Hub's hash.":
        "上面的端点缺少某个文件时（找不到、服务器错误、停滞、大小或哈希不符、被重定向到 Xet "
        "存储），仅该文件会按顺序改从这些端点下载。每个文件仍会按 Hub 的哈希校验。",
    "Besides the official Hub, only these https endpoints receive your token; never a "
    "redirect to another host.":
        "除官方 Hub 外，只有这些 https 端点会收到你的令牌；重定向到其他主机时绝不发送。",
    "Then try:": "然后尝试：", "Token also to:": "令牌也发送给：",
    "Not an endpoint address, not saved: {0}": "不是端点地址，未保存：{0}",
})
ZH.update(LOADTEST)

# The "Use offline" tab (ui/views/offline_panel.py); its title is ``panel.tr()`` in install.
ZH.update({
    "Use offline": "离线使用", "Download the missing files": "下载缺少的文件",
    "Copy": "复制", "Copy the snippet to the clipboard": "将代码片段复制到剪贴板",
    "Use it offline:": "离线使用方法：",
    "Select a model to see whether it loads offline.": "选择一个模型，查看它能否离线加载。",
    "{n} problem(s) cannot be fixed by downloading files by name: see the list.":
        "有 {n} 个问题无法通过按名称下载文件来解决：见列表。",
})
EXTRA += [("OfflinePanel", "Use offline")]

# Core messages (kinds plus parameters): their English templates live in the core, where
# lupdate does not look; hfmanager/ui/messages.py translates them in context "Messages".
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from hfmanager.core.messages_en import TEMPLATES, WORDS  # noqa: E402
from zh_messages import ZH_MESSAGES, ZH_WORDS  # noqa: E402

for _code, _template in TEMPLATES.items():
    EXTRA.append(("Messages", _template))
    if _code in ZH_MESSAGES:
        ZH[_template] = ZH_MESSAGES[_code]
for _key, _zh in ZH_WORDS.items():
    EXTRA.append(("Messages", WORDS.get(_key, _key)))
    ZH[WORDS.get(_key, _key)] = _zh
# Hub and download failures (hfmanager/core/errors.py), translated by ui/messages.error_text.
from hfmanager.core.errors import MESSAGES, STOPS  # noqa: E402
from zh_messages import ZH_ERRORS, ZH_STOPS  # noqa: E402

for _table, _zh_table in ((MESSAGES, ZH_ERRORS), (STOPS, ZH_STOPS)):
    for _reason, _template in _table.items():
        EXTRA.append(("Messages", _template))
        if _reason.value in _zh_table:
            ZH[_template] = _zh_table[_reason.value]


def _add_extra(root: ET.Element) -> None:
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    for bad in [c for c in root.findall("context") if not c.findtext("name")]:
        root.remove(bad)  # lupdate's guesses with no context are useless at run time
    for name, source in EXTRA:
        ctx = contexts.get(name)
        if ctx is None:
            ctx = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = name
            contexts[name] = ctx
        if any(m.findtext("source") == source for m in ctx.iter("message")):
            continue
        message = ET.SubElement(ctx, "message")
        ET.SubElement(message, "source").text = source
        ET.SubElement(message, "translation", type="unfinished")


def fill(ts_path: Path) -> list[str]:
    tree = ET.parse(ts_path)
    _add_extra(tree.getroot())
    missing: list[str] = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if source in ZH:
            translation.text = ZH[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished" or not translation.text:
            missing.append(source)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    ts = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/translations/hfmanager_zh_CN.ts")
    left = fill(ts)
    for s in left:
        print("untranslated:", repr(s))
    sys.exit(1 if left else 0)
