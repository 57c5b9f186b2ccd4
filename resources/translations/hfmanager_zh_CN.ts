<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddDownloadDialog</name>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="49" />
        <source>Add download</source>
        <translation>添加下载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="53" />
        <source>org/name or a Hub URL (drop one here)</source>
        <translation>组织/名称 或 Hub 网址（可拖放到这里）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="55" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="55" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="56" />
        <source>Space</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="61" />
        <source>e.g. *.safetensors *.json (empty: all)</source>
        <translation>例如 *.safetensors *.json（留空：全部）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="63" />
        <source>e.g. *.onnx original/*</source>
        <translation>例如 *.onnx original/*</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="65" />
        <source>All files</source>
        <translation>全部文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="66" />
        <source>Safetensors only (skip .bin twins)</source>
        <translation>仅 safetensors（跳过对应的 .bin）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="69" />
        <source>default: {endpoint}</source>
        <translation>默认：{endpoint}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="71" />
        <source>Repository:</source>
        <translation>仓库：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="72" />
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="73" />
        <source>Revision:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="74" />
        <source>Include:</source>
        <translation>包含：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="75" />
        <source>Exclude:</source>
        <translation>排除：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="76" />
        <source>Files:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="77" />
        <source>Endpoint:</source>
        <translation>端点：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="78" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="80" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="80" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="83" />
        <source>Press Preview to list the files and the total size.</source>
        <translation>点击“预览”列出文件及总大小。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="87" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="132" />
        <source>Asking the Hub for the file list...</source>
        <translation>正在向 Hub 获取文件列表……</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="152" />
        <source>{n} files, {size} in total, commit {commit}</source>
        <translation>{n} 个文件，共 {size}，提交 {commit}</translation>
    </message>
</context>
<context>
    <name>CandidatesModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="47" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="47" />
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="47" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="47" />
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="48" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="88" />
        <source>{0:.0f} days ago</source>
        <translation>{0:.0f} 天前</translation>
    </message>
<message><source>Whole repo</source><translation>整个仓库</translation></message><message><source>Revision</source><translation>版本</translation></message><message><source>File</source><translation>文件</translation></message><message><source>Partial download</source><translation>未完成的下载</translation></message><message><source>Torch hub</source><translation>Torch hub</translation></message><message><source>Orphaned shared file</source><translation>孤立的共享文件</translation></message></context>
<context>
    <name>CleanupController</name>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_jobs.py" line="130" />
        <source>Trash unavailable</source>
        <translation>回收站不可用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_jobs.py" line="131" />
        <source>The system trash refused {0} repo(s). Delete them permanently instead?</source>
        <translation>系统回收站拒绝了 {0} 个仓库。改为永久删除吗？</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_jobs.py" line="135" />
        <source>Delete permanently</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_jobs.py" line="165" />
        <source>{0}/{1} files, {2} of {3}</source>
        <translation>{0}/{1} 个文件，{2} / {3}</translation>
    </message>
</context>
<context>
    <name>CleanupView</name>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="92" />
        <source>Find what to clean</source>
        <translation>查找可清理的内容</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="94" />
        <source>Not used for</source>
        <translation>未使用超过</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="95" />
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="96" />
        <source>Larger than</source>
        <translation>大于</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="98" />
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="99" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="100" />
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="101" />
        <source>Spaces</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="109" />
        <source>Detached revisions</source>
        <translation>游离版本</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="110" />
        <source>Partial downloads</source>
        <translation>未完成的下载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="111" />
        <source>Pickle twins of safetensors weights</source>
        <translation>与 safetensors 重复的 pickle 权重</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="113" />
        <source>Orphaned shared files</source>
        <translation>孤立的共享文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="114" />
        <source>Files of the shared blob store that no cached repo uses any more</source>
        <translation>共享 blob 存储中已没有任何缓存仓库使用的文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="116" />
        <source>Torch hub entries</source>
        <translation>Torch hub 条目</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="133" />
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="135" />
        <source>Select &amp;none</source>
        <translation>全不选(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="144" />
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="182" />
        <source>Will free: calculating…</source>
        <translation>将释放：计算中…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="184" />
        <source>Will free: nothing selected</source>
        <translation>将释放：未选择任何内容</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="186" />
        <source>Will free {0} ({1} paths)</source>
        <translation>将释放 {0}（{1} 个路径）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="216" />
        <source>Freed {0}.</source>
        <translation>已释放 {0}。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="218" />
        <source>Moved {0} repo(s), {1}, to the trash.</source>
        <translation>已将 {0} 个仓库（{1}）移到回收站。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="221" />
        <source>{0} path(s) could not be removed.</source>
        <translation>{0} 个路径无法删除。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="235" />
        <source>Failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
<message><source>Cleanup</source><translation>清理</translation></message><message><source>Delete…</source><translation>删除…</translation></message><message><source>Delete revision {0}…</source><translation>删除版本 {0}…</translation></message><message><source>Verify files</source><translation>校验文件</translation></message></context>
<context>
    <name>ConfirmDeleteDialog</name>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="34" />
        <source>Delete from the cache</source>
        <translation>从缓存中删除</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="37" />
        <source>{0} item(s) will be deleted, freeing {1}.</source>
        <translation>将删除 {0} 项，释放 {1}。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="46" />
        <source>What goes</source>
        <translation>将删除的内容</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="46" />
        <source>Frees</source>
        <translation>释放</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="57" />
        <source>Move whole repos to the trash instead of deleting (space comes back when the trash is emptied)</source>
        <translation>将整个仓库移到回收站而不是直接删除（清空回收站后才会释放空间）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="63" />
        <source>Kept: {0} ({1})</source>
        <translation>保留：{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="70" />
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="55" />
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="58" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="96" />
        <location filename="../../hfmanager/ui/views/details_pane.py" line="125" />
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="97" />
        <location filename="../../hfmanager/ui/views/details_pane.py" line="126" />
        <source>Size on disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="98" />
        <source>{size} ({n} files)</source>
        <translation>{size}（{n} 个文件）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="100" />
        <source>Library</source>
        <translation>库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="101" />
        <source>Pipeline</source>
        <translation>任务类型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="102" />
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="103" />
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="104" />
        <source>Model type</source>
        <translation>模型类型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="105" />
        <source>Architectures</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="106" />
        <source>Dtype</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="107" />
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="108" />
        <source>Hidden size</source>
        <translation>隐藏层维度</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="109" />
        <source>Vocabulary</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="110" />
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="111" />
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="112" />
        <location filename="../../hfmanager/ui/views/details_pane.py" line="131" />
        <source>Last modified</source>
        <translation>上次修改</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="113" />
        <location filename="../../hfmanager/ui/views/details_pane.py" line="132" />
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="116" />
        <source>Snapshot</source>
        <translation>快照</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="127" />
        <source>SHA-256 prefix</source>
        <translation>SHA-256 前缀</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="128" />
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="129" />
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="130" />
        <source>Ref</source>
        <translation>引用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="140" />
        <source>No problems found</source>
        <translation>未发现问题</translation>
    </message>
</context>
<context>
    <name>DoctorPanel</name>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="35" />
        <source>Environment check</source>
        <translation>环境检查</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="40" />
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="40" />
        <source>Result and advice</source>
        <translation>结果与建议</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="50" />
        <source>Run checks again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="52" />
        <source>Also tests whether the endpoint answers, unless offline mode is on.</source>
        <translation>同时测试端点是否响应（离线模式下除外）。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="54" />
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="64" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="69" />
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="69" />
        <source>Offline mode</source>
        <translation>离线模式</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="70" />
        <source>sudo</source>
        <translation>sudo</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="70" />
        <source>Proxies</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="71" />
        <source>Hub cache</source>
        <translation>Hub 缓存</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="71" />
        <source>HF_HOME</source>
        <translation>HF_HOME</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="72" />
        <source>Torch hub cache</source>
        <translation>Torch hub 缓存</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="72" />
        <source>Hugging Face token</source>
        <translation>Hugging Face 令牌</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="73" />
        <source>Libraries</source>
        <translation>库版本</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="73" />
        <source>Cache layout</source>
        <translation>缓存结构</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="74" />
        <source>Endpoint reachable</source>
        <translation>端点可达</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="91" />
        <source>Warnings: {0}, errors: {1}</source>
        <translation>警告：{0}，错误：{1}</translation>
    </message>
</context>
<context>
    <name>DownloadsModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="29" />
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="30" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="31" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="32" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="33" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="34" />
        <source>ETA</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="35" />
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="44" />
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="83" />
        <source>stalled</source>
        <translation>停滞</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="46" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="48" />
        <source>downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="50" />
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="52" />
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="54" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="55" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="63" />
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="66" />
        <source>{m} min {s} s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="69" />
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="70" />
        <source>&lt; 1 s</source>
        <translation>&lt; 1 秒</translation>
    </message>
</context>
<context>
    <name>DownloadsView</name>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="94" />
        <source>File in progress</source>
        <translation>正在下载的文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="94" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="95" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="98" />
        <source>Add a repository with the + button, or drop a Hub URL here.</source>
        <translation>用 + 按钮添加仓库，或将 Hub 网址拖放到这里。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="126" />
        <source>Add...</source>
        <translation>添加……</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="127" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="128" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="129" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="130" />
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="131" />
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="133" />
        <source>Pause all</source>
        <translation>全部暂停</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="134" />
        <source>Resume all</source>
        <translation>全部继续</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="135" />
        <source>Clear history</source>
        <translation>清除历史</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="157" />
        <source>How many downloads run at the same time</source>
        <translation>同时进行的下载数</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="162" />
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="163" />
        <source> KB/s</source>
        <translation> KB/s</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="164" />
        <source>Bandwidth cap for all downloads together</source>
        <translation>所有下载合计的带宽上限</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="170" />
        <source>Connections per file: files of 64 MiB or more are fetched in this many parts at once, each on its own connection. Helps when each connection is slow (a distant or throttled server)</source>
        <translation>每个文件的连接数：64 MiB 及以上的文件同时分成这么多段下载，每段使用单独的连接。在单个连接很慢时（服务器较远或被限速）有帮助</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="175" />
        <source>Connections:</source>
        <translation>连接数：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="173" />
        <source>Jobs:</source>
        <translation>任务数：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="177" />
        <source>Limit:</source>
        <translation>限速：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="231" />
        <source>Download finished</source>
        <translation>下载完成</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="232" />
        <source>Download failed</source>
        <translation>下载失败</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="234" />
        <source>{repo}: {error}</source>
        <translation>{repo}：{error}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="326" />
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="31" />
        <source>Your model caches are empty</source>
        <translation>你的模型缓存是空的</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="38" />
        <source>hfmanager shows what the Hugging Face libraries (transformers, diffusers, datasets, huggingface_hub) and torch.hub have downloaded to this computer. Nothing is there yet: download a model, or add a folder that holds a cache.</source>
        <translation>hfmanager 展示 Hugging Face 各库（transformers、diffusers、datasets、huggingface_hub）和 torch.hub 下载到这台电脑上的内容。目前还没有任何内容：请下载一个模型，或添加一个包含缓存的文件夹。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="47" />
        <source>&amp;Add a cache folder...</source>
        <translation>添加缓存文件夹(&amp;A)……</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="50" />
        <source>&amp;Scan again</source>
        <translation>重新扫描(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="71" />
        <source>{kind} cache, chosen by {source}</source>
        <translation>{kind} 缓存，由 {source} 决定</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="74" />
        <source>(does not exist)</source>
        <translation>（不存在）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="76" />
        <source>Where we looked:</source>
        <translation>查找过的位置：</translation>
    </message>
</context>
<context>
    <name>EnvironmentView</name>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="89" />
        <source>Hub endpoint</source>
        <translation>Hub 端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="94" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="95" />
        <source>Forget this custom endpoint</source>
        <translation>删除这个自定义端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="100" />
        <source>Download from:</source>
        <translation>下载来源：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="105" />
        <source>https://hub.example.org</source>
        <translation>https://hub.example.org</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="107" />
        <source>Add endpoint</source>
        <translation>添加端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="114" />
        <source>Custom:</source>
        <translation>自定义：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="116" />
        <source>Send my Hugging Face token to mirrors too</source>
        <translation>也向镜像站发送我的 Hugging Face 令牌</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="118" />
        <source>By default the token saved by `hf auth login` goes only to the official Hub.</source>
        <translation>默认情况下，`hf auth login` 保存的令牌只发送给官方 Hub。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="122" />
        <source>Test endpoint</source>
        <translation>测试端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="134" />
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="136" />
        <source>Offline mode: make no network request at all</source>
        <translation>离线模式：完全不发起网络请求</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="146" />
        <source>HTTP proxy:</source>
        <translation>HTTP 代理：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="147" />
        <source>HTTPS proxy:</source>
        <translation>HTTPS 代理：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="165" />
        <source>From the environment (HF_ENDPOINT): {0}</source>
        <translation>来自环境变量（HF_ENDPOINT）：{0}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="167" />
        <source>Default: the official Hub</source>
        <translation>默认：官方 Hub</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="169" />
        <source>Hugging Face (official)</source>
        <translation>Hugging Face（官方）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="170" />
        <source>hf-mirror.com (mirror)</source>
        <translation>hf-mirror.com（镜像）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="171" />
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="172" />
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="189" />
        <source>chosen here</source>
        <translation>在此处选择</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="189" />
        <source>set for a job</source>
        <translation>为某个任务设置</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="190" />
        <source>from HF_ENDPOINT in your environment</source>
        <translation>来自环境变量 HF_ENDPOINT</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="191" />
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="192" />
        <source>In use: {0} ({1})</source>
        <translation>正在使用：{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="204" />
        <source>Offline mode is forced by {0} in the environment; unset it to go online.</source>
        <translation>环境变量 {0} 强制开启了离线模式；取消设置后才能联网。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="212" />
        <location filename="../../hfmanager/ui/views/environment_view.py" line="294" />
        <source>Offline mode is on: nothing is sent.</source>
        <translation>离线模式已开启：不会发送任何请求。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="215" />
        <location filename="../../hfmanager/ui/views/environment_view.py" line="218" />
        <source>from the environment: {0}</source>
        <translation>来自环境变量：{0}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="216" />
        <location filename="../../hfmanager/ui/views/environment_view.py" line="219" />
        <source>none (direct connection)</source>
        <translation>无（直接连接）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="222" />
        <source>Leave empty to use the environment's proxy. No proxy for: {0}</source>
        <translation>留空则使用环境变量中的代理。不走代理的地址：{0}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="224" />
        <source>Leave empty to use the environment's proxy (HTTP_PROXY / HTTPS_PROXY).</source>
        <translation>留空则使用环境变量中的代理（HTTP_PROXY / HTTPS_PROXY）。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="257" />
        <source>That is not an endpoint address; it should look like https://hub.example.org</source>
        <translation>这不是端点地址；格式应类似 https://hub.example.org</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="301" />
        <source>Testing {0}…</source>
        <translation>正在测试 {0}…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="308" />
        <source>Reachable: {0} ms</source>
        <translation>可达：{0} 毫秒</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="320" />
        <source>Not reachable: the server name could not be found (DNS).</source>
        <translation>不可达：无法解析服务器名称（DNS）。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="321" />
        <source>Not reachable: the connection was refused.</source>
        <translation>不可达：连接被拒绝。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="322" />
        <source>Not reachable: no answer in time.</source>
        <translation>不可达：响应超时。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="323" />
        <source>Not reachable: the TLS certificate could not be verified.</source>
        <translation>不可达：无法验证 TLS 证书。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="324" />
        <source>Not reachable: the proxy failed ({0}).</source>
        <translation>不可达：代理出错（{0}）。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="325" />
        <source>The server answered HTTP {0}.</source>
        <translation>服务器返回 HTTP {0}。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="328" />
        <source>Not reachable: {0}</source>
        <translation>不可达：{0}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="351" />
        <source>The checks failed: {0}</source>
        <translation>检查失败：{0}</translation>
    </message>
<message><source>Environment</source><translation>环境</translation></message></context>
<context>
    <name>FilesModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="103" />
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="103" />
        <source>Shard index</source>
        <translation>分片索引</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="104" />
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="104" />
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="105" />
        <source>Custom code</source>
        <translation>自定义代码</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="105" />
        <source>Docs</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="106" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="107" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="107" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="107" />
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="171" />
        <source>{group} ({n})</source>
        <translation>{group}（{n}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="195" />
        <source>blob {blob}</source>
        <translation>blob {blob}</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="93" />
        <source>Search repos (Ctrl+F)</source>
        <translation>搜索仓库（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="102" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="102" />
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="103" />
        <source>Spaces</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="143" />
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="144" />
        <source>Torch hub</source>
        <translation>Torch hub</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="173" />
        <source>Hugging Face ({n})</source>
        <translation>Hugging Face（{n}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="175" />
        <source>Torch hub ({n})</source>
        <translation>Torch hub（{n}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="184" />
        <source>Shared blob store: {n} files, {size}, each counted once in the total</source>
        <translation>共享 blob 存储：{n} 个文件，{size}，每个文件在总量中只计一次</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="189" />
        <source>{n} orphaned, {size} used by no repo: &lt;a href="clean"&gt;Clean up…&lt;/a&gt;</source>
        <translation>{n} 个孤立文件，{size} 无仓库使用：&lt;a href="clean"&gt;清理…&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="293" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="295" />
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="296" />
        <source>Copy repo ID</source>
        <translation>复制仓库 ID</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="297" />
        <source>Open on the Hub</source>
        <translation>在 Hub 上打开</translation>
    </message>
</context>
<context>
    <name>LoadTestPanel</name>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="88" />
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="170" />
        <source>Select a model in the library.</source>
        <translation>请在库中选择一个模型。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="93" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="94" />
        <source>List devices again (also asks torch about Apple MPS and GPUs NVML cannot see)</source>
        <translation>重新列出设备（也会向 torch 查询 Apple MPS 以及 NVML 看不到的 GPU）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="104" />
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="105" />
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="106" />
        <source>Data type:</source>
        <translation>数据类型：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="107" />
        <source>Python:</source>
        <translation>Python：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="115" />
        <source>Estimate (from file headers, nothing loaded)</source>
        <translation>估算（基于文件头，不加载任何内容）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="119" />
        <source>Test load</source>
        <translation>试加载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="121" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="138" />
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="173" />
        <source>{model}  ·  loads as: {strategy}</source>
        <translation>{model}  ·  加载方式：{strategy}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="215" />
        <source>No estimate: {error}</source>
        <translation>无法估算：{error}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="244" />
        <source>Could not list devices: {error}</source>
        <translation>无法列出设备：{error}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="276" />
        <source>Allow this repo's code?</source>
        <translation>允许运行此仓库的代码吗？</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="277" />
        <source>Loading {model} runs Python code from the repo itself. Read these files first; allowing applies to this commit only.</source>
        <translation>加载 {model} 会运行仓库自带的 Python 代码。请先阅读这些文件；授权仅对当前提交有效。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="281" />
        <source>(no .py files in this snapshot)</source>
        <translation>（此快照中没有 .py 文件）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="283" />
        <source>Allow and load</source>
        <translation>允许并加载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="293" />
        <source>Not loaded: remote code was not allowed.</source>
        <translation>未加载：未允许运行远程代码。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="317" />
        <source>Loading in a separate process...</source>
        <translation>正在独立进程中加载……</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="324" />
        <source>Cancelling...</source>
        <translation>正在取消……</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="347" />
        <source>Loaded.</source>
        <translation>已加载。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="60" />
        <source>Hugging Face cache manager</source>
        <translation>Hugging Face 缓存管理器</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="75" />
        <source>Library</source>
        <translation>库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="174" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="176" />
        <source>Scan the caches again (F5)</source>
        <translation>重新扫描缓存（F5）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="178" />
        <source>&amp;Add cache folder...</source>
        <translation>添加缓存文件夹(&amp;A)……</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="181" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="184" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="188" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="191" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="192" />
        <source>&amp;About hfmanager</source>
        <translation>关于 hfmanager(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="194" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="202" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="205" />
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="260" />
        <source>Scanning...</source>
        <translation>正在扫描……</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="276" />
        <source>Scan failed: {message}</source>
        <translation>扫描失败：{message}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="290" />
        <source>Scanned in {s:.1f} s</source>
        <translation>扫描用时 {s:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="313" />
        <source>{n} repos, {t} torch files · {size}</source>
        <translation>{n} 个仓库，{t} 个 torch 文件 · {size}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="317" />
        <source>Free: {size}</source>
        <translation>可用：{size}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="335" />
        <source>Add a cache folder</source>
        <translation>添加缓存文件夹</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="361" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="362" />
        <source>The new language applies the next time hfmanager starts.</source>
        <translation>新语言将在下次启动 hfmanager 时生效。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="368" />
        <source>About hfmanager</source>
        <translation>关于 hfmanager</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="369" />
        <source>&lt;b&gt;hfmanager {version}&lt;/b&gt;&lt;p&gt;See, check, clean and fill the Hugging Face and PyTorch model caches.&lt;/p&gt;</source>
        <translation>&lt;b&gt;hfmanager {version}&lt;/b&gt;&lt;p&gt;查看、检查、清理和下载 Hugging Face 与 PyTorch 模型缓存。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>NetworkIndicator</name>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="37" />
        <source>{0} · Offline</source>
        <translation>{0} · 离线</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="41" />
        <source>{0} · Online</source>
        <translation>{0} · 在线</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="45" />
        <source>Endpoint: {0} ({1})
Offline: {2} {3}
Click for details.</source>
        <translation>端点：{0}（{1}）
离线：{2} {3}
点击查看详情。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="47" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="47" />
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>PythonPicker</name>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="41" />
        <source>Add...</source>
        <translation>添加……</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="42" />
        <source>Pick a python executable (a venv or conda env)</source>
        <translation>选择一个 Python 解释器（venv 或 conda 环境）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="79" />
        <source>Choose a Python interpreter</source>
        <translation>选择 Python 解释器</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="91" />
        <source>Checking {path}...</source>
        <translation>正在检查 {path}……</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="108" />
        <source>Python {version}: torch is not installed here, a load will fail.</source>
        <translation>Python {version}：未安装 torch，加载将会失败。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="111" />
        <source>Python {version} · torch {torch} · transformers {tf}</source>
        <translation>Python {version} · torch {torch} · transformers {tf}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="113" />
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
</context>
<context>
    <name>RepoDetails</name>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="31" />
        <source>(detached)</source>
        <translation>（游离）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="56" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="56" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="57" />
        <source>Space</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="58" />
        <source>Select a repo to see its revisions and files.</source>
        <translation>选择一个仓库以查看它的版本和文件。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="77" />
        <source>&amp;Revision:</source>
        <translation>版本(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="115" />
        <source>Download the rest</source>
        <translation>下载其余文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="99" />
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="100" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="153" />
        <source>1 revision</source>
        <translation>1 个版本</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="153" />
        <source>{n} revisions</source>
        <translation>{n} 个版本</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="154" />
        <source>{type} · {size} · {revisions}</source>
        <translation>{type} · {size} · {revisions}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="169" />
        <source>Detached: no branch or tag points here</source>
        <translation>游离：没有分支或标签指向这里</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="181" />
        <source>torch hub · {size}</source>
        <translation>torch hub · {size}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="205" />
        <source>Partial snapshot: {n} of {m} files of this commit are cached.</source>
        <translation>不完整的快照：此提交的 {m} 个文件中已缓存 {n} 个。</translation>
    </message>
</context>
<context>
    <name>ReposModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="61" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="61" />
        <source>Repo</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="61" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="62" />
        <source>Revisions</source>
        <translation>版本数</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="62" />
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="62" />
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="63" />
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="64" />
        <source>1 problem</source>
        <translation>1 个问题</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="65" />
        <source>{n} problems</source>
        <translation>{n} 个问题</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="66" />
        <source>Partial {n}/{m}</source>
        <translation>部分 {n}/{m}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="68" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="69" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="70" />
        <source>Space</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="128" />
        <source>{n} bytes</source>
        <translation>{n} 字节</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="131" />
        <source>{size} of it is in the shared blob store, counted once in the total however many repos use it</source>
        <translation>其中 {size} 位于共享 blob 存储，无论多少仓库使用，在总量中只计一次</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="135" />
        <source>Last used {used}
Last modified {modified}</source>
        <translation>上次使用 {used}
上次修改 {modified}</translation>
    </message>
</context>
<context>
    <name>StateNotices</name>
    <message>
        <location filename="../../hfmanager/ui/notices.py" line="62" />
        <source>⚠ &lt;a href="#"&gt;{n} problem(s) with hfmanager's own files&lt;/a&gt;</source>
        <translation>⚠ &lt;a href="#"&gt;hfmanager 自身文件有 {n} 个问题&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/notices.py" line="82" />
        <source>hfmanager</source>
        <translation>hfmanager</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/notices.py" line="83" />
        <source>Some of hfmanager's own files were broken or could not be used. The app repaired what it could and opened anyway:</source>
        <translation>hfmanager 自身的部分文件已损坏或无法使用。程序已尽量修复，并照常启动：</translation>
    </message>
</context>
<context>
    <name>TorchModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="31" />
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="31" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="31" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="32" />
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="32" />
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="33" />
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="34" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="79" />
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="80" />
        <source>1 problem</source>
        <translation>1 个问题</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="80" />
        <source>{n} problems</source>
        <translation>{n} 个问题</translation>
    </message>
</context>
<context>
    <name>VerifyPanel</name>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="42" />
        <source>Verify files (offline, against their hashes)</source>
        <translation>校验文件（离线，比对哈希）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="57" />
        <source>Verify &amp;all</source>
        <translation>全部校验(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="59" />
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="61" />
        <source>Delete corrupt file…</source>
        <translation>删除损坏的文件…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="63" />
        <source>Download again</source>
        <translation>重新下载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="67" />
        <source>Not verified yet.</source>
        <translation>尚未校验。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="91" />
        <source>Verifying {0} repo(s)…</source>
        <translation>正在校验 {0} 个仓库…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="99" />
        <source>Verifying every cached file…</source>
        <translation>正在校验所有缓存文件…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="139" />
        <source>{0} OK, {1} corrupt, {2} unverifiable, {3} errors; hashed {4} in {5:.1f} s</source>
        <translation>{0} 个正常，{1} 个损坏，{2} 个无法校验，{3} 个错误；{5:.1f} 秒内计算了 {4} 的哈希</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="147" />
        <source>{0} damaged file(s) in the shared blob store, used by {1} repo(s).</source>
        <translation>共享 blob 存储中有 {0} 个损坏的文件，被 {1} 个仓库使用。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="150" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="156" />
        <source>Verification failed: {0}</source>
        <translation>校验失败：{0}</translation>
    </message>
</context>
<context>
    <name>VerifyResultsModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="127" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="127" />
        <source>Repo</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="127" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="128" />
        <source>Expected</source>
        <translation>期望值</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="128" />
        <source>Actual</source>
        <translation>实际值</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="140" />
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="140" />
        <source>Corrupt</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="141" />
        <source>Unverifiable</source>
        <translation>无法校验</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="142" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>fmt</name>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="21" />
        <source>1 minute ago</source>
        <translation>1 分钟前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="22" />
        <source>{n} minutes ago</source>
        <translation>{n} 分钟前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="23" />
        <source>1 hour ago</source>
        <translation>1 小时前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="24" />
        <source>{n} hours ago</source>
        <translation>{n} 小时前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="25" />
        <source>1 day ago</source>
        <translation>1 天前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="26" />
        <source>{n} days ago</source>
        <translation>{n} 天前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="27" />
        <source>1 month ago</source>
        <translation>1 个月前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="28" />
        <source>{n} months ago</source>
        <translation>{n} 个月前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="29" />
        <source>1 year ago</source>
        <translation>1 年前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="30" />
        <source>{n} years ago</source>
        <translation>{n} 年前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="41" />
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="52" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>panel</name>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="392" />
        <source>Test load</source>
        <translation>试加载</translation>
    </message>
</context>
<context>
    <name>view</name>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="360" />
        <source>Environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="252" />
        <source>Cleanup</source>
        <translation>清理</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="279" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="289" />
        <source>Delete revision {0}…</source>
        <translation>删除版本 {0}…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="296" />
        <source>Verify files</source>
        <translation>校验文件</translation>
    </message>
</context>
<context><name>LoadTest</name><message><source>Starting</source><translation>正在启动</translation></message><message><source>Reading config</source><translation>正在读取配置</translation></message><message><source>Building</source><translation>正在构建</translation></message><message><source>Loading weights</source><translation>正在加载权重</translation></message><message><source>Measuring</source><translation>正在测量</translation></message><message><source>unknown</source><translation>未知</translation></message><message><source>Fits: needs about {need} of {free} free.</source><translation>可以容纳：约需 {need}，可用 {free}。</translation></message><message><source>Tight: needs about {need} of {free} free (over 85%).</source><translation>偏紧：约需 {need}，可用 {free}（超过 85%）。</translation></message><message><source>Will not fit: needs about {need}, only {free} free.</source><translation>放不下：约需 {need}，仅剩 {free} 可用。</translation></message><message><source>Needs about {need}; free memory unknown.</source><translation>约需 {need}；可用内存未知。</translation></message><message><source>{spec}: {name} ({free} free)</source><translation>{spec}：{name}（可用 {free}）</translation></message><message><source>pid {pid} {name}: {used}</source><translation>pid {pid} {name}：{used}</translation></message><message><source>Parameters: {params}  ·  stored: {stored}</source><translation>参数量：{params}  ·  存储：{stored}</translation></message><message><source>Weights as {dtype}: {size}</source><translation>按 {dtype} 计的权重：{size}</translation></message><message><source>+ CUDA context: about {size} (an approximation; it varies by GPU and driver)</source><translation>+ CUDA 上下文：约 {size}（近似值；随 GPU 和驱动而不同）</translation></message><message><source>Approximate: pickle weights are sized without unpickling them.</source><translation>近似值：pickle 权重的大小未经反序列化估算。</translation></message><message><source>Figure</source><translation>指标</translation></message><message><source>Estimate</source><translation>估算</translation></message><message><source>Measured</source><translation>实测</translation></message><message><source>Class / strategy</source><translation>类 / 加载方式</translation></message><message><source>Parameters</source><translation>参数量</translation></message><message><source>Trainable</source><translation>可训练参数</translation></message><message><source>Parameter bytes by dtype</source><translation>各数据类型的参数字节数</translation></message><message><source>Buffer bytes by dtype</source><translation>各数据类型的缓冲区字节数</translation></message><message><source>Weights in memory</source><translation>内存中的权重</translation></message><message><source>GPU allocated</source><translation>GPU 已分配</translation></message><message><source>GPU peak allocated</source><translation>GPU 峰值分配</translation></message><message><source>GPU reserved</source><translation>GPU 已保留</translation></message><message><source>GPU process total (NVML, with context)</source><translation>GPU 进程总占用（NVML，含上下文）</translation></message><message><source>weights + about {ctx}</source><translation>权重 + 约 {ctx}</translation></message><message><source>Host memory (anonymous RSS)</source><translation>主机内存（匿名 RSS）</translation></message><message><source>{total} (+{delta} for the load)</source><translation>{total}（加载占用 +{delta}）</translation></message><message><source>Load time</source><translation>加载用时</translation></message><message><source>Read throughput</source><translation>读取吞吐量</translation></message><message><source>{rate}/s</source><translation>{rate}/s</translation></message><message><source>Missing keys</source><translation>缺失的键</translation></message><message><source>Unexpected keys</source><translation>多余的键</translation></message><message><source>none</source><translation>无</translation></message><message><source>Note</source><translation>备注</translation></message><message><source>When</source><translation>时间</translation></message><message><source>Device</source><translation>设备</translation></message><message><source>Data type</source><translation>数据类型</translation></message><message><source>Memory</source><translation>内存</translation></message><message><source>Outcome</source><translation>结果</translation></message><message><source>loaded: {cls}, {n} params</source><translation>已加载：{cls}，{n} 个参数</translation></message><message><source>failed: {message}</source><translation>失败：{message}</translation></message></context></TS>