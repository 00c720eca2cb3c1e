<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <source>Store: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>Event: none (run 'python app.py demo' for the demo event)</source>
        <translation>活动：无（运行 'python app.py demo' 生成演示活动）</translation>
    </message>
    <message>
        <source>Event: {0} ({1} – {2})</source>
        <translation>活动：{0}（{1} – {2}）</translation>
    </message>
    <message>
        <source>The store {0} already holds data; use --force to wipe it and write the demo.</source>
        <translation>数据库 {0} 中已有数据；使用 --force 清空后写入演示数据。</translation>
    </message>
    <message>
        <source>Cannot load the demo: {0}</source>
        <translation>无法加载演示数据：{0}</translation>
    </message>
    <message>
        <source>Demo event written to {0} in {1} s.</source>
        <translation>演示活动已写入 {0}，用时 {1} 秒。</translation>
    </message>
    <message>
        <source>Map data © OpenStreetMap contributors (ODbL); the pipe network is derived from the streets, not real.</source>
        <translation>地图数据 © OpenStreetMap 贡献者（ODbL）；管网由街道推算生成，并非真实管网。</translation>
    </message>
    <message>
        <source>Venue guard (every 4 h)</source>
        <extracomment>Colours per requirement rule (the most demanding one a pipe is under).</extracomment>
        <translation>会场驻地保障（每4小时）</translation>
    </message>
    <message>
        <source>Stationed post</source>
        <translation>驻点值守</translation>
    </message>
    <message>
        <source>Venues, key roads and areas (2/day)</source>
        <translation>会场、重点道路与区域（每日2次）</translation>
    </message>
    <message>
        <source>Mains, sites and routes (1/day)</source>
        <translation>输水管线、工地与路线（每日1次）</translation>
    </message>
    <message>
        <source>Patch patrol (2/day)</source>
        <translation>管片巡检（每日2次）</translation>
    </message>
    <message>
        <source>No requirement</source>
        <translation>无巡检要求</translation>
    </message>
    <message>
        <source>Patrol patches</source>
        <translation>巡检管片</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Key areas</source>
        <translation>重点区域</translation>
    </message>
    <message>
        <source>Construction sites</source>
        <translation>施工工地</translation>
    </message>
    <message>
        <source>Contractor</source>
        <translation>施工单位</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Venues</source>
        <translation>会场</translation>
    </message>
    <message>
        <source>Residences</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>Key units</source>
        <translation>重点单位</translation>
    </message>
    <message>
        <source>Pipes by requirement</source>
        <translation>管线（按巡检要求）</translation>
    </message>
    <message>
        <source>DN (mm)</source>
        <translation>管径 DN（毫米）</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>巡检要求</translation>
    </message>
    <message>
        <source>Motorcade routes</source>
        <translation>车队路线</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Crew</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Open repairs</source>
        <translation>未结抢修</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Why this level</source>
        <translation>定级原因</translation>
    </message>
    <message>
        <source>Situation map — {0}</source>
        <translation>态势图 — {0}</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>Wrote {0} ({1:,} bytes)</source>
        <translation>已写入 {0}（{1:,} 字节）</translation>
    </message>
    <message>
        <source>Import failed, nothing stored: {0}</source>
        <extracomment>Kinds on the command line (hyphenated) → store kinds; plus epanet and tracks. Errors listed in the human output (all of them go into --json).</extracomment>
        <translation>导入失败，未写入任何数据：{0}</translation>
    </message>
    <message>
        <source>points</source>
        <translation>点</translation>
    </message>
    <message>
        <source>Imported {0} {1} from {2} ({3} rejected)</source>
        <translation>已从 {2} 导入 {0} 个{1}（拒收 {3} 个）</translation>
    </message>
    <message>
        <source>Fields: {0}</source>
        <translation>字段：{0}</translation>
    </message>
    <message>
        <source>  … and {0} more (use --json for all)</source>
        <translation>  …… 另有 {0} 条（用 --json 查看全部）</translation>
    </message>
    <message>
        <source>Patrol coverage on {0} (as of {1})</source>
        <translation>{0} 巡检覆盖率（截至 {1}）</translation>
    </message>
    <message>
        <source>  key points {0}: {1}</source>
        <translation>  关键点 {0}：{1}</translation>
    </message>
    <message>
        <source>  overdue {0}: {1} segments</source>
        <translation>  超期 {0}：{1} 段</translation>
    </message>
    <message>
        <source>Patrol plan for {0}</source>
        <translation>{0} 巡检计划</translation>
    </message>
    <message>
        <source>  {0}: {1} pipes, {2} km, {3} rounds a day</source>
        <translation>  {0}：{1} 段管线，{2} 公里，每日 {3} 轮</translation>
    </message>
    <message>
        <source>Patches: {0}</source>
        <translation>管片：{0}</translation>
    </message>
    <message>
        <source>  {0}: {1} km, workload {2} km, teams {3}</source>
        <translation>  {0}：{1} 公里，工作量 {2} 公里，班组 {3}</translation>
    </message>
    <message>
        <source>Stationed posts: {0}</source>
        <translation>驻点：{0}</translation>
    </message>
    <message>
        <source>meeting: give --out FILE.pdf (or --json)</source>
        <extracomment>The PDF is painted with Qt's GUI classes.</extracomment>
        <translation>meeting：请给出 --out 文件.pdf（或 --json）</translation>
    </message>
    <message>
        <source>Meeting record of {0} written to {1}</source>
        <translation>{0} 的会商纪要已写入 {1}</translation>
    </message>
    <message>
        <source>Zero reports {0}: slots {1}, {2} units</source>
        <translation>零报告 {0}：时段 {1}，{2} 个单位</translation>
    </message>
    <message>
        <source>Received: {0}</source>
        <translation>已收到：{0}</translation>
    </message>
    <message>
        <source>Missing (alarm): {0}</source>
        <translation>未报（告警）：{0}</translation>
    </message>
</context>
<context>
    <name>CustomTilesDialog</name>
    <message>
        <source>Tile server</source>
        <translation>瓦片服务器</translation>
    </message>
    <message>
        <source>XYZ: {z} {x} {y}; WMTS: {TileMatrix} {TileRow} {TileCol}; {s} subdomain, {key} key</source>
        <translation>XYZ：{z} {x} {y}；WMTS：{TileMatrix} {TileRow} {TileCol}；{s} 子域名，{key} 密钥</translation>
    </message>
    <message>
        <source>Tiles use GCJ-02 (Chinese web maps: Gaode, Tencent …)</source>
        <translation>瓦片采用 GCJ-02 坐标（高德、腾讯等国内地图）</translation>
    </message>
    <message>
        <source>&amp;URL template:</source>
        <translation>URL 模板(&amp;U)：</translation>
    </message>
</context>
<context>
    <name>DeskContext</name>
    <message>
        <source>&amp;Undo</source>
        <extracomment>The store changed through this desk (docks refresh). A change was refused; the argument is the message for the user.</extracomment>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
</context>
<context>
    <name>DutyDock</name>
    <message>
        <source>Duty desk</source>
        <translation>值班台</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Open meeting</source>
        <translation>开始会商(&amp;O)</translation>
    </message>
    <message>
        <source>Start the day's meeting and carry open items over to it (Alt+O)</source>
        <translation>开始当天会商，并转入未关闭的事项（Alt+O）</translation>
    </message>
    <message>
        <source>&amp;PDF…</source>
        <translation>PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Print the meeting record as a PDF (Ctrl+P)</source>
        <translation>将会商纪要输出为 PDF（Ctrl+P）</translation>
    </message>
    <message>
        <source>&amp;Meeting</source>
        <translation>会商(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Roster</source>
        <translation>值班表(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Freeze calendar</source>
        <translation>封网日历(&amp;F)</translation>
    </message>
    <message>
        <source>Meeting categories; the status on the right is compiled from the store</source>
        <translation>会商类别；右侧情况由系统自动汇总</translation>
    </message>
    <message>
        <source>The day's status of this category, compiled automatically</source>
        <translation>本类别当天情况（自动汇总）</translation>
    </message>
    <message>
        <source>Notes of this category</source>
        <translation>本类别记录</translation>
    </message>
    <message>
        <source>Type the notes; Ctrl+Enter or Ctrl+S saves</source>
        <translation>输入记录；Ctrl+Enter 或 Ctrl+S 保存</translation>
    </message>
    <message>
        <source>&amp;Save note</source>
        <translation>保存记录(&amp;S)</translation>
    </message>
    <message>
        <source>Save the note (Ctrl+Enter, Ctrl+S)</source>
        <translation>保存记录（Ctrl+Enter、Ctrl+S）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Last follow-up</source>
        <translation>最近跟进</translation>
    </message>
    <message>
        <source>Problems and action items; overdue rows are red</source>
        <translation>问题与督办事项；逾期行标红</translation>
    </message>
    <message>
        <source>&amp;Add item</source>
        <translation>添加事项(&amp;A)</translation>
    </message>
    <message>
        <source>Raise the problem (Enter in the form)</source>
        <translation>提出问题（在表单中按 Enter）</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>类别(&amp;G)：</translation>
    </message>
    <message>
        <source>Pro&amp;blem:</source>
        <translation>问题(&amp;B)：</translation>
    </message>
    <message>
        <source>Pla&amp;n:</source>
        <translation>措施(&amp;N)：</translation>
    </message>
    <message>
        <source>O&amp;wner:</source>
        <translation>责任人(&amp;W)：</translation>
    </message>
    <message>
        <source>Dead&amp;line:</source>
        <translation>期限(&amp;L)：</translation>
    </message>
    <message>
        <source>Follow-up of the selected item</source>
        <translation>所选事项的跟进情况</translation>
    </message>
    <message>
        <source>Follow &amp;up</source>
        <translation>跟进(&amp;U)</translation>
    </message>
    <message>
        <source>Add the follow-up to the selected item (Enter)</source>
        <translation>为所选事项添加跟进（Enter）</translation>
    </message>
    <message>
        <source>&amp;Close item</source>
        <translation>销号(&amp;C)</translation>
    </message>
    <message>
        <source>Close the selected item with the text as closing note (Ctrl+Shift+Enter)</source>
        <translation>以所填文字为销号说明关闭所选事项（Ctrl+Shift+Enter）</translation>
    </message>
    <message>
        <source>Follow-up:</source>
        <translation>跟进：</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Leader on duty</source>
        <translation>值班领导</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Units on double shift</source>
        <translation>双岗单位</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>领导</translation>
    </message>
    <message>
        <source>Set &amp;leader</source>
        <translation>设置值班领导(&amp;L)</translation>
    </message>
    <message>
        <source>Set the leader on duty of the shift (Enter)</source>
        <translation>设置该班次的值班领导（Enter）</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Contacts to notify</source>
        <translation>通报联系人</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Told from level</source>
        <translation>通报级别起</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>工程</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Nearest guarded place</source>
        <translation>最近保障点</translation>
    </message>
    <message>
        <source>Distance (m)</source>
        <translation>距离（米）</translation>
    </message>
    <message>
        <source>Planned works inside the event window, nearest to a guarded place first; red rows are near one</source>
        <translation>活动期间内的计划施工，距保障点最近者在前；红色行为邻近保障点</translation>
    </message>
    <message>
        <source>Leader on duty: {0}</source>
        <translation>值班领导：{0}</translation>
    </message>
    <message>
        <source>No event: the freeze calendar needs the event window</source>
        <translation>无活动：封网日历需要活动时段</translation>
    </message>
    <message>
        <source>{0} planned works inside the event window ({1} near a guarded place)</source>
        <translation>活动期间内计划施工 {0} 处（邻近保障点 {1} 处）</translation>
    </message>
    <message>
        <source>Select an action item first</source>
        <translation>请先选择督办事项</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>记录：{0}</translation>
    </message>
    <message>
        <source>Note saved</source>
        <translation>记录已保存</translation>
    </message>
    <message>
        <source>Raise item</source>
        <translation>提出事项</translation>
    </message>
    <message>
        <source>Item {0} raised</source>
        <translation>已提出事项 {0}</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Close item</source>
        <translation>销号</translation>
    </message>
    <message>
        <source>Set leader on duty</source>
        <translation>设置值班领导</translation>
    </message>
    <message>
        <source>Meeting record PDF</source>
        <translation>会商纪要 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Meeting record written to {0}</source>
        <translation>会商纪要已写入 {0}</translation>
    </message>
</context>
<context>
    <name>DutyText</name>
    <message>
        <source>Repair coordination</source>
        <translation>抢修协调</translation>
    </message>
    <message>
        <source>Network patrol</source>
        <translation>管网巡检</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>安全保卫</translation>
    </message>
    <message>
        <source>Staff stability</source>
        <translation>队伍稳定</translation>
    </message>
    <message>
        <source>External service</source>
        <translation>对外服务</translation>
    </message>
    <message>
        <source>Information reporting</source>
        <translation>信息报送</translation>
    </message>
    <message>
        <source>dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <source>arrival</source>
        <translation>到场</translation>
    </message>
    <message>
        <source>isolation</source>
        <translation>关阀止水</translation>
    </message>
    <message>
        <source>repair</source>
        <translation>抢修</translation>
    </message>
    <message>
        <source>restoration</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>day shift</source>
        <translation>白班</translation>
    </message>
    <message>
        <source>night shift</source>
        <translation>夜班</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已销号</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>carried over</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Repairs: {0} ({1} open)</source>
        <translation>抢修：{0} 起（未完成 {1} 起）</translation>
    </message>
    <message>
        <source>By level: {0}</source>
        <translation>按级别：{0}</translation>
    </message>
    <message>
        <source>Time limits overrun: none</source>
        <translation>超时限：无</translation>
    </message>
    <message>
        <source>Overrun: {0} (level {1}) {2} {3:.0f} min, target {4:.0f} min</source>
        <translation>超时：{0}（{1}级）{2} {3:.0f} 分钟，时限 {4:.0f} 分钟</translation>
    </message>
    <message>
        <source> (still running)</source>
        <translation>（仍在计时）</translation>
    </message>
    <message>
        <source>No coverage data</source>
        <translation>暂无巡检覆盖数据</translation>
    </message>
    <message>
        <source>{0}: coverage {1:.0%}</source>
        <translation>{0}：覆盖率 {1:.0%}</translation>
    </message>
    <message>
        <source>, key points reached {0:.0%}</source>
        <translation>，关键点到位率 {0:.0%}</translation>
    </message>
    <message>
        <source>Zero reports received: {0} of {1} ({2} units × slots {3})</source>
        <translation>零报告已收到：{0}/{1}（{2} 个单位 × 时段 {3}）</translation>
    </message>
    <message>
        <source>Missing (alarm): {0}</source>
        <translation>未报（告警）：{0}</translation>
    </message>
    <message>
        <source>Missing reports: none</source>
        <translation>未报：无</translation>
    </message>
    <message>
        <source>Incident: {0} {1}: {2}</source>
        <translation>情况：{0} {1}：{2}</translation>
    </message>
    <message>
        <source>Leader on duty: {0}</source>
        <translation>值班领导：{0}</translation>
    </message>
    <message>
        <source>Leader on duty: not on the roster</source>
        <translation>值班领导：值班表未排</translation>
    </message>
    <message>
        <source>Units on double shift: {0}</source>
        <translation>双岗单位：{0} 个</translation>
    </message>
    <message>
        <source>Notifications today: {0} sent, {1} queued, {2} failed</source>
        <translation>今日通报：已发 {0}，待发 {1}，失败 {2}</translation>
    </message>
    <message>
        <source>Open action items: {0} ({1} overdue)</source>
        <translation>未完成事项：{0}（逾期 {1}）</translation>
    </message>
</context>
<context>
    <name>FeatureController</name>
    <message>
        <source>Unknown feature kind: {0}</source>
        <translation>未知要素类型：{0}</translation>
    </message>
    <message>
        <source>A {0} needs a {1} geometry, not {2}.</source>
        <translation>{0} 需要 {1} 几何，而不是 {2}。</translation>
    </message>
    <message>
        <source>New {0}</source>
        <translation>新建 {0}</translation>
    </message>
    <message>
        <source>Could not store the {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>IdentifyDock</name>
    <message>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>Click a feature with the identify tool.</source>
        <translation>用识别工具点击要素。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation>此处无要素。</translation>
    </message>
</context>
<context>
    <name>LayerTitles</name>
    <message>
        <source>Green</source>
        <translation>绿地</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>水系</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Patrol patches</source>
        <translation>巡检管片</translation>
    </message>
    <message>
        <source>Key areas</source>
        <translation>重点区域</translation>
    </message>
    <message>
        <source>Construction sites</source>
        <translation>施工工地</translation>
    </message>
    <message>
        <source>Residences</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>Venues</source>
        <translation>会场</translation>
    </message>
    <message>
        <source>Key units</source>
        <translation>重点单位</translation>
    </message>
    <message>
        <source>Key roads</source>
        <translation>重点道路</translation>
    </message>
    <message>
        <source>Pipes</source>
        <translation>管线</translation>
    </message>
    <message>
        <source>Motorcade routes</source>
        <translation>车队路线</translation>
    </message>
    <message>
        <source>Valves</source>
        <translation>阀门</translation>
    </message>
    <message>
        <source>Hydrants</source>
        <translation>消火栓</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Patrollers and vehicles</source>
        <translation>巡检人员与车辆</translation>
    </message>
    <message>
        <source>Raster tiles</source>
        <translation>栅格底图</translation>
    </message>
</context>
<context>
    <name>LayersDock</name>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日间</translation>
    </message>
    <message>
        <source>Night / wall</source>
        <translation>夜间/大屏</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Map</source>
        <extracomment>Emitted after the window has restored its layout and shown the first data.</extracomment>
        <translation>地图(&amp;M)</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;About WaterGuard</source>
        <translation>关于 WaterGuard(&amp;A)</translation>
    </message>
    <message>
        <source>WaterGuard — no event</source>
        <translation>WaterGuard 保障指挥 — 无活动</translation>
    </message>
    <message>
        <source>WaterGuard — {0}</source>
        <translation>WaterGuard 保障指挥 — {0}</translation>
    </message>
    <message>
        <source>Pipes: {0:,}</source>
        <translation>管线：{0:,}</translation>
    </message>
    <message>
        <source>Valves: {0:,}</source>
        <translation>阀门：{0:,}</translation>
    </message>
    <message>
        <source>Venues: {0:,}</source>
        <translation>会场：{0:,}</translation>
    </message>
    <message>
        <source>Vehicles: {0:,}</source>
        <translation>车辆：{0:,}</translation>
    </message>
    <message>
        <source>About WaterGuard</source>
        <translation>关于 WaterGuard</translation>
    </message>
    <message>
        <source>&lt;h3&gt;WaterGuard&lt;/h3&gt;&lt;p&gt;Command-center GIS for keeping the water running through a major event.&lt;/p&gt;&lt;p&gt;Demo city data: {0}.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;WaterGuard 供水保障指挥&lt;/h3&gt;&lt;p&gt;重大活动期间保障城市供水的指挥中心地理信息系统。&lt;/p&gt;&lt;p&gt;演示城市数据：{0}。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cannot open the store</source>
        <translation>无法打开数据库</translation>
    </message>
</context>
<context>
    <name>MapMenu</name>
    <message>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Bookmarks</source>
        <translation>书签(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Raster basemap</source>
        <translation>栅格底图(&amp;R)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>OpenStreetMap (internet)</source>
        <translation>OpenStreetMap（互联网）</translation>
    </message>
    <message>
        <source>Tianditu (needs a key)…</source>
        <translation>天地图（需密钥）…</translation>
    </message>
    <message>
        <source>Tile server URL…</source>
        <translation>瓦片服务地址…</translation>
    </message>
    <message>
        <source>Offline MBTiles file…</source>
        <translation>离线 MBTiles 文件…</translation>
    </message>
    <message>
        <source>Tianditu</source>
        <translation>天地图</translation>
    </message>
    <message>
        <source>Tianditu key (tk):</source>
        <translation>天地图密钥（tk）：</translation>
    </message>
    <message>
        <source>Tile server</source>
        <translation>瓦片服务器</translation>
    </message>
    <message>
        <source>Offline tiles</source>
        <translation>离线瓦片</translation>
    </message>
    <message>
        <source>Raster basemap</source>
        <translation>栅格底图</translation>
    </message>
</context>
<context>
    <name>MapTools</name>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Measure distance</source>
        <translation>测量距离</translation>
    </message>
    <message>
        <source>Measure area</source>
        <translation>测量面积</translation>
    </message>
    <message>
        <source>Draw construction site</source>
        <translation>绘制施工工地</translation>
    </message>
    <message>
        <source>Draw key area</source>
        <translation>绘制重点区域</translation>
    </message>
</context>
<context>
    <name>MeetingPdf</name>
    <message>
        <source>Water supply guarantee meeting record</source>
        <translation>供水保障会商纪要</translation>
    </message>
    <message>
        <source>Date: {0}    Leader on duty: {1}</source>
        <translation>日期：{0}    值班领导：{1}</translation>
    </message>
    <message>
        <source>(not on the roster)</source>
        <translation>（值班表未排）</translation>
    </message>
    <message>
        <source>Meeting opened at {0}</source>
        <translation>会商开始于 {0}</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Problems and action items</source>
        <translation>问题与督办事项</translation>
    </message>
    <message>
        <source>No action items.</source>
        <translation>无督办事项。</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Printed {0}</source>
        <translation>打印于 {0}</translation>
    </message>
</context>
<context>
    <name>ResourcesDock</name>
    <message>
        <source>Repair resources</source>
        <translation>抢修资源</translation>
    </message>
    <message>
        <source>&lt;b&gt;Spare fittings&lt;/b&gt;</source>
        <translation>&lt;b&gt;备品备件&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Fitting</source>
        <translation>管件</translation>
    </message>
    <message>
        <source>DN</source>
        <translation>口径 DN</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>存放地点</translation>
    </message>
    <message>
        <source>Odd-shaped</source>
        <translation>异型</translation>
    </message>
    <message>
        <source>Select a fitting, then take it for a repair below</source>
        <translation>选择管件，然后在下方为抢修领用</translation>
    </message>
    <message>
        <source>&amp;Take from stock</source>
        <translation>领用(&amp;T)</translation>
    </message>
    <message>
        <source>Take the quantity of the selected fitting for the repair (Enter)</source>
        <translation>为该抢修领用所选管件（Enter）</translation>
    </message>
    <message>
        <source>For &amp;repair:</source>
        <translation>用于抢修(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Quantity:</source>
        <translation>数量(&amp;Q)：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Machinery&lt;/b&gt;</source>
        <translation>&lt;b&gt;机械设备&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>抢修</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>调派(&amp;A)</translation>
    </message>
    <message>
        <source>Dispatch the selected machine to the repair (Alt+A)</source>
        <translation>将所选设备调派至该抢修（Alt+A）</translation>
    </message>
    <message>
        <source>Re&amp;lease</source>
        <translation>释放(&amp;L)</translation>
    </message>
    <message>
        <source>Release the selected machine back to available (Alt+L)</source>
        <translation>释放所选设备，恢复可用（Alt+L）</translation>
    </message>
    <message>
        <source>To r&amp;epair:</source>
        <translation>调往抢修(&amp;E)：</translation>
    </message>
    <message>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>assigned</source>
        <translation>已调派</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>维修中</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Select a fitting and a repair first</source>
        <translation>请先选择管件和抢修</translation>
    </message>
    <message>
        <source>Take {0} × {1}</source>
        <translation>领用 {0} × {1}</translation>
    </message>
    <message>
        <source>Taken: {0} × {1}</source>
        <translation>已领用：{0} × {1}</translation>
    </message>
    <message>
        <source>Select a machine and a repair first</source>
        <translation>请先选择设备和抢修</translation>
    </message>
    <message>
        <source>Assign machinery</source>
        <translation>调派设备</translation>
    </message>
    <message>
        <source>Release machinery</source>
        <translation>释放设备</translation>
    </message>
</context>
<context>
    <name>ZeroReportsDock</name>
    <message>
        <source>Zero reports</source>
        <extracomment>Cell colours: safe green, incident amber, missing (alarm) red, not yet due grey.</extracomment>
        <translation>零报告</translation>
    </message>
    <message>
        <source>The day shown (Alt+D)</source>
        <translation>显示的日期（Alt+D）</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>Units × report slots. Select a cell and press Enter to report it safe, or type an incident below. Green safe, amber incident, red missing (alarm), grey not yet due.</source>
        <translation>单位 × 报告时段。选中单元格按 Enter 记为平安，或在下方填写情况。绿色平安，橙色有情况，红色未报（告警），灰色未到时限。</translation>
    </message>
    <message>
        <source>&amp;Safe (nothing to report)</source>
        <translation>平安无事(&amp;S)</translation>
    </message>
    <message>
        <source>What happened (unticks Safe)</source>
        <translation>发生了什么（填写后取消平安）</translation>
    </message>
    <message>
        <source>&amp;Record report</source>
        <translation>登记报告(&amp;R)</translation>
    </message>
    <message>
        <source>Record the report (Enter in the form)</source>
        <translation>登记报告（在表单中按 Enter）</translation>
    </message>
    <message>
        <source>Ctrl+Z undoes, Ctrl+Shift+Z redoes</source>
        <translation>Ctrl+Z 撤销，Ctrl+Shift+Z 重做</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>单位(&amp;U)：</translation>
    </message>
    <message>
        <source>S&amp;lot:</source>
        <translation>时段(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Incident:</source>
        <translation>情况(&amp;I)：</translation>
    </message>
    <message>
        <source>Reported &amp;by:</source>
        <translation>报告人(&amp;B)：</translation>
    </message>
    <message>
        <source>safe</source>
        <translation>平安</translation>
    </message>
    <message>
        <source>incident</source>
        <translation>有情况</translation>
    </message>
    <message>
        <source>MISSING</source>
        <translation>未报</translation>
    </message>
    <message>
        <source>not yet due</source>
        <translation>未到时限</translation>
    </message>
    <message>
        <source>Deadline {0}</source>
        <translation>截止 {0}</translation>
    </message>
    <message>
        <source>Received {0}, missing {1}</source>
        <translation>已收到 {0}，未报 {1}</translation>
    </message>
    <message>
        <source>Zero report {0} {1}</source>
        <translation>零报告 {0} {1}</translation>
    </message>
    <message>
        <source>Recorded: {0}</source>
        <translation>已登记：{0}</translation>
    </message>
</context>
<context>
    <name>ctx</name>
    <message>
        <source>No event in the store: run 'python app.py demo' or import one first.</source>
        <translation>数据库中没有活动：请先运行 'python app.py demo' 或导入活动。</translation>
    </message>
    <message>
        <source>No patrol plan stored: run 'python app.py plan' first.</source>
        <translation>尚无巡检计划：请先运行 'python app.py plan'。</translation>
    </message>
    <message>
        <source>The store has no pipes: import a pipe network first.</source>
        <translation>数据库中没有管线：请先导入管网。</translation>
    </message>
    <message>
        <source>--patches must be at least 1, not {0}</source>
        <translation>--patches 至少为 1，而不是 {0}</translation>
    </message>
    <message>
        <source>Patch {0}</source>
        <translation>管片 {0}</translation>
    </message>
</context>
</TS>