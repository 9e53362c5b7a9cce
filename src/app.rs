//! The root component and the home screen.

use std::rc::Rc;

use sqsb_core::catalog::{CatalogIndex, Lifecycle};
use yew::prelude::*;

/// The catalog the app shows. Loaded once; shared with every screen through context.
#[derive(Clone)]
pub struct CatalogContext(pub Rc<CatalogIndex>);

impl PartialEq for CatalogContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let catalog = use_memo((), |_| CatalogIndex::bundled().map(Rc::new));
    match &*catalog {
        Ok(index) => html! {
            <ContextProvider<CatalogContext> context={CatalogContext(index.clone())}>
                <div class="sq-app">
                    <header class="sq-header">
                        <h1 class="sq-title">{ "威海市“双全双百”政务服务" }</h1>
                        <p class="sq-subtitle">{ "一套材料、一次告知、一表申请" }</p>
                    </header>
                    <main class="sq-main" id="sq-main">
                        <Home />
                    </main>
                </div>
            </ContextProvider<CatalogContext>>
        },
        Err(error) => html! {
            <div class="sq-app">
                <main class="sq-main">
                    <div class="sq-alert" role="alert">
                        <h1>{ "事项清单暂时无法加载" }</h1>
                        <p>{ "请稍后再试，或拨打 12345 政务服务便民热线咨询。" }</p>
                        <p class="sq-muted">{ error.message_zh() }</p>
                    </div>
                </main>
            </div>
        },
    }
}

#[function_component(Home)]
fn home() -> Html {
    let Some(CatalogContext(index)) = use_context::<CatalogContext>() else {
        return Html::default();
    };
    html! {
        <>
            { for index.catalog.lifecycles.iter().map(|lc| html! { <LifecycleSection lifecycle={lc.clone()} /> }) }
            <p class="sq-footnote">{ format!("事项清单版本：{}", index.version()) }</p>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct LifecycleSectionProps {
    lifecycle: Lifecycle,
}

#[function_component(LifecycleSection)]
fn lifecycle_section(props: &LifecycleSectionProps) -> Html {
    let lc = &props.lifecycle;
    let heading_id = format!("lc-{}", lc.id.as_str());
    let total: usize = lc
        .stages
        .iter()
        .flat_map(|s| &s.scenarios)
        .map(|c| c.items.len())
        .sum();
    html! {
        <section class="sq-lifecycle" aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id}>{ &lc.name }<span class="sq-count">{ format!("（{total} 项）") }</span></h2>
            <ul class="sq-stage-grid">
                { for lc.stages.iter().map(|stage| {
                    let count: usize = stage.scenarios.iter().map(|c| c.items.len()).sum();
                    html! {
                        <li class="sq-stage-card">
                            <span class="sq-stage-name">{ &stage.name }</span>
                            <span class="sq-stage-count">{ format!("{count} 项") }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
