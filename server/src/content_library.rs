//! The courses the server offers: checked from the content folder at start, with every
//! version stored in the database so that participants finish the version they started.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::bail;
use reroute_content::{Course, Site, check_content};
use reroute_db::queries::course_versions;
use reroute_db::sea_orm::{ConnectionTrait, DbErr};

pub struct ContentLibrary {
    pub site: Site,
    pub dir: PathBuf,
    current: BTreeMap<String, Arc<Course>>,
    /// Versions are immutable, so a version read once can be kept.
    versions: Mutex<HashMap<String, Arc<Course>>>,
}

impl ContentLibrary {
    /// Reads and checks the content folder; any error stops the start with the checker's
    /// report.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let checked = check_content(dir)
            .map_err(|err| anyhow::anyhow!("{err}: set --content or REROUTE_CONTENT_DIR"))?;
        if checked.has_errors() {
            bail!(
                "the course content in {} has errors; fix them and start again:\n{}",
                dir.display(),
                checked.report()
            );
        }
        let Some(site) = checked.site else {
            bail!("{} has no site.toml: see the course format", dir.display());
        };
        let current: BTreeMap<String, Arc<Course>> = checked
            .courses
            .into_iter()
            .map(|course| (course.id.clone(), Arc::new(course)))
            .collect();
        let versions = current
            .values()
            .map(|course| (course.version.clone(), Arc::clone(course)))
            .collect();
        Ok(Self {
            site,
            dir: dir.to_owned(),
            current,
            versions: Mutex::new(versions),
        })
    }

    /// Stores each course version the database has not seen yet.
    pub async fn store_versions(&self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        for course in self.current.values() {
            course_versions::store_if_new(db, course).await?;
        }
        Ok(())
    }

    /// The course as its files are now.
    pub fn current(&self, id: &str) -> Option<Arc<Course>> {
        self.current.get(id).cloned()
    }

    pub fn courses(&self) -> impl Iterator<Item = &Arc<Course>> {
        self.current.values()
    }

    /// A course exactly as it was at `version`.
    pub async fn version(
        &self,
        db: &impl ConnectionTrait,
        version: &str,
    ) -> Result<Option<Arc<Course>>, DbErr> {
        if let Some(course) = self.cached(version) {
            return Ok(Some(course));
        }
        let Some(course) = course_versions::load(db, version).await? else {
            return Ok(None);
        };
        let course = Arc::new(course);
        if let Ok(mut versions) = self.versions.lock() {
            versions.insert(version.to_owned(), Arc::clone(&course));
        }
        Ok(Some(course))
    }

    fn cached(&self, version: &str) -> Option<Arc<Course>> {
        self.versions.lock().ok()?.get(version).cloned()
    }
}
