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
        <source>&amp;File</source>
        <extracomment>Emitted after the window has restored its layout and shown the first data.</extracomment>
        <translation>文件(&amp;F)</translation>
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
<context>
    <name>window</name>
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
</TS>